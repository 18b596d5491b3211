import { afterAll, beforeAll, expect, it } from 'vitest';
import { drillPassed, runLeaveDrill } from '../drill/leave-drill.ts';
import { startProductionShape, type ProductionShape } from '../drill/production-shape.ts';

// `npm run drill` in small: its own durable PostgreSQL, Temporal on it, two worker processes and the
// API process (not the global setup's servers, since it restarts them), 30 leave processes, one kill
// of each kind: a worker's SIGKILL, a Temporal restart, a PostgreSQL restart.

let shape: ProductionShape | undefined;
const log = (msg: string) => console.log(`fault-drill: ${msg}`);

beforeAll(async () => {
  shape = await startProductionShape({ log });
}, 240_000);
afterAll(async () => {
  await shape?.stop();
}, 60_000);

it('loses and doubles nothing through a worker kill, a Temporal restart and a PostgreSQL restart', async () => {
  const result = await runLeaveDrill(
    shape!,
    {
      processes: 30,
      loops: 4,
      killEverySeconds: 1,
      maxWorkerKills: 1,
      temporalRestartAt: 0.35,
      postgresRestartAt: 0.7,
      stepTimeoutMs: 120_000,
      settleTimeoutMs: 90_000,
    },
    log,
  );
  log(JSON.stringify({ ...result, settings: undefined }));
  expect(result.faults.map((f) => f.kind).sort()).toEqual(['postgres-restart', 'temporal-restart', 'worker-kill']);
  expect(result.started).toBe(30);
  expect(result.completed).toBe(30);
  expect(result.lost).toEqual([]);
  expect({ tasks: result.duplicatedTasks, ledger: result.duplicatedLedgerRows, emails: result.duplicatedEmails }).toEqual({
    tasks: 0,
    ledger: 0,
    emails: 0,
  });
  expect(result.outboxUnsent).toBe(0);
  expect(drillPassed(result)).toBe(true);
}, 420_000);

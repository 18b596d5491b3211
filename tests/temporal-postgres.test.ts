import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import postgres from 'postgres';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { freePort } from '../scripts/free-port.ts';
import { postgresConnection, startTemporalPostgresServer, type TemporalPostgresServer } from '../temporal/postgres-server.ts';
import { bundleWorkflows } from '../temporal/worker.ts';
import { eventually, signIn, startPlatform, type Platform, type SignedIn } from './harness.ts';

// The production engine: a real Temporal server (and its Web UI) on the run's PostgreSQL, in
// databases of this run's own, instead of the dev server the other files share.

const run = randomBytes(4).toString('hex');
const databases = { main: `temporal_${run}`, visibility: `temporal_visibility_${run}` };
const codecEndpoint = 'http://127.0.0.1:3001/api/temporal-codec';
let dir: string;
let port: number;
let uiPort: number;
let temporal: TemporalPostgresServer | undefined;
let bundle: WorkflowBundleWithSourceMap;
let platform: Platform;
let employee: SignedIn;
let manager: SignedIn;

const startTemporal = () =>
  startTemporalPostgresServer({
    postgres: postgresConnection(inject('databaseUrl')),
    databases,
    port,
    dir,
    ui: { port: uiPort, codecEndpoint },
    log: () => {},
  });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'platform-test-temporal-pg-'));
  [port, uiPort] = [await freePort(), await freePort()];
  [temporal, bundle] = await Promise.all([startTemporal(), bundleWorkflows()]);
  platform = await startPlatform({ bundle, env: { TEMPORAL_ADDRESS: temporal.address } });
  employee = await signIn(platform, 'employee');
  manager = await signIn(platform, 'manager');
}, 180_000);

afterAll(async () => {
  await platform?.stop();
  await temporal?.stop();
  await rm(dir, { recursive: true, force: true });
  const sql = postgres(inject('databaseUrl'), { max: 1, onnotice: () => {} });
  try {
    for (const database of Object.values(databases)) await sql.unsafe(`drop database if exists "${database}" with (force)`);
  } finally {
    await sql.end();
  }
});

it('runs a whole leave journey, and the open task survives a restart of the server', async () => {
  const day = platform.workingDayAhead(14);
  const { request, task } = await platform.withWorker(async () => {
    const submitted = await employee.post('/leave-requests', {
      leaveTypeCode: 'annual',
      startDate: day,
      endDate: day,
      startHalfDay: false,
      endHalfDay: false,
      reason: 'Family visit',
    });
    expect(submitted.status).toBe(201);
    const request = submitted.body.leaveRequest;
    const task = await eventually(async () => {
      const { body } = await manager.get('/tasks?sort=newest&limit=200');
      return body.tasks.find((t: { caseId: string }) => t.caseId === request.id);
    });
    return { request, task };
  });

  // The workflow waits on the manager inside the server's PostgreSQL databases; nothing else holds it.
  await temporal!.stop();
  temporal = undefined;
  temporal = await startTemporal();

  const workflowId = `leave-${request.id}`;
  const found = await eventually(async () => {
    const query = `CaseType = 'leave' AND CaseStatus = 'pending' AND WorkflowId = '${workflowId}'`;
    for await (const execution of platform.temporal.workflow.list({ query })) return execution;
    return undefined;
  });
  expect(found.workflowId).toBe(workflowId);

  await platform.withWorker(async () => {
    const approved = await manager.post(`/tasks/${task.id}/complete`, { values: { decision: 'approve', comment: 'Enjoy' } });
    expect(approved.status).toBe(200);
    await platform.mail.waitFor((m) => m.to.includes(`employee@${platform.slug}.test`) && m.subject.includes('approved'));
    const after = await eventually(async () => {
      const { body } = await employee.get(`/leave-requests/${request.id}`);
      return body.leaveRequest.status === 'approved' && body;
    });
    expect(after.timeline.map((e: { kind: string }) => e.kind)).toEqual(['submitted', 'opened', 'completed', 'approved']);
  });
  const balances = await employee.get(`/leave-balances?year=${day.slice(0, 4)}`);
  expect(balances.body.balances.find((b: { leaveTypeCode: string }) => b.leaveTypeCode === 'annual')?.balance).toBe(24);
});

it('serves the Web UI against this server, with the codec endpoint it was given', async () => {
  const settings = (await (await fetch(`${temporal!.uiUrl}/api/v1/settings`)).json()) as { Codec: unknown };
  expect(settings.Codec).toMatchObject({ Endpoint: codecEndpoint, IncludeCredentials: true });
  const namespaces = (await (await fetch(`${temporal!.uiUrl}/api/v1/namespaces`)).json()) as {
    namespaces: { namespaceInfo: { name: string } }[];
  };
  expect(namespaces.namespaces.map((n) => n.namespaceInfo.name)).toContain('default');
});

import { once } from 'node:events';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bundleWorkflows } from '../temporal/worker.ts';
import { engagementSteps } from './engagement-steps.ts';
import { caller, eventually, signIn, startPlatform, type Platform } from './harness.ts';
import { startWorkerProcess } from './worker-process.ts';

// The real worker process is killed with SIGKILL while an engagement converts its lead into a
// client (a local activity, held on the engagement's row lock): the next worker must finish the
// conversion with one client, one contact and one audit entry, and the process must go on.

let platform: Platform;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  platform = await startPlatform({ bundle: await bundleWorkflows(), dispatchMail: true });
});
afterAll(async () => {
  for (const child of workers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await platform?.stop();
});

/** Holds the engagement's row until released, so the conversion's update of it waits. */
function lockEngagement(id: string) {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked = () => {};
  const held = new Promise<void>((resolve) => (locked = resolve));
  const done = platform.database.sql.begin(async (tx) => {
    await tx`select 1 from engagements where id = ${id} for update`;
    locked();
    await released;
  });
  return { held, release: async () => (release(), await done) };
}

const conversionIsWaiting = async () =>
  (
    await platform.database
      .sql`select 1 from pg_stat_activity where wait_event_type = 'Lock' and query ilike 'update "engagements" set "client_id"%'`
  ).length > 0;

it('converts the lead once, and goes on to onboarding, when the worker is killed in the middle of the conversion', async () => {
  workers.push((await startWorkerProcess(platform, {})).child);
  const agent = await signIn(platform, 'agent');
  const closer = await signIn(platform, 'closer');
  const supportAgent = await signIn(platform, 'support-agent');
  const steps = engagementSteps(platform, agent);
  const { id } = await steps.captureLead(agent);
  await steps.decide(closer, id, 'engagement-qualification', { decision: 'qualify' });
  await steps.atStage(id, 'quote');
  const small = { lines: [{ description: 'Audit', quantityHundredths: 100, unitPriceMinor: 50_000 }] };
  expect((await agent.post(`/engagements/${id}/quote`, small)).body.quote).toMatchObject({ needsApproval: false });
  const token = await steps.quoteLinkToken();

  const lock = lockEngagement(id);
  await lock.held;
  const answer = caller(platform, null).post(`/public/quotes/${token}/answer`, { accepted: true });
  await eventually(conversionIsWaiting, 20_000);
  const worker = workers[0]!;
  worker.kill('SIGKILL');
  expect((await once(worker, 'exit'))[1]).toBe('SIGKILL');
  await lock.release();
  // The killed attempt's transaction went with its connection: no client yet.
  expect(await platform.database.sql`select id from clients where from_lead_id = ${id}`).toEqual([]);

  workers.push((await startWorkerProcess(platform, {})).child);
  expect((await answer).status).toBe(200);
  await steps.taskOf(supportAgent, id, 'engagement-onboarding');
  const clients = await platform.database.sql`select id from clients where from_lead_id = ${id}`;
  expect(clients).toHaveLength(1);
  expect(await platform.database.sql`select id from client_contacts where client_id = ${clients[0]!.id}`).toHaveLength(1);
  const audit = await platform.database.sql`select kind from audit_log where target_id = ${id} and kind = 'engagement.converted'`;
  expect(audit).toHaveLength(1);
  const { engagement } = await steps.engagementOf(id);
  expect(engagement).toMatchObject({ stage: 'onboarding', client: { id: clients[0]!.id } });
}, 180_000);

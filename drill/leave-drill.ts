import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { signInOverHttp, type ApiAnswer, type HttpUser } from '../bench/http-user.ts';
import { oneDayLeaveForm, workingDays } from '../bench/run-details.ts';
import { seedOrganisation } from '../db/seed.ts';
import { CaseStatus } from '../temporal/search-attributes.ts';
import type { ProductionShape } from './production-shape.ts';

export type FaultKind = 'worker-kill' | 'temporal-restart' | 'postgres-restart';

export interface DrillSettings {
  processes: number;
  loops: number;
  /** Seconds between worker kills, alternating between the two workers. */
  killEverySeconds: number;
  /** At most this many worker kills (the full drill: no limit). */
  maxWorkerKills: number;
  /** When that share of the processes has been started, Temporal, then PostgreSQL, is restarted once. */
  temporalRestartAt: number;
  postgresRestartAt: number;
  /** How long one step (submit, task, approval, approved) may keep failing before it is given up. */
  stepTimeoutMs: number;
  /** How long everything may take to settle after the last cycle. */
  settleTimeoutMs: number;
}

export interface Fault {
  kind: FaultKind;
  target: string;
  /** Milliseconds since the drill started. */
  at: number;
  /** How long the component took to be back. */
  outageMs: number;
  /** The gap without any completed cycle around the fault: from the last completion before it to the first after. */
  recoveryMs: number | null;
}

export interface DrillResult {
  settings: DrillSettings;
  durationMs: number;
  started: number;
  completed: number;
  lost: string[];
  /** Approved requests whose workflow does not say approved (its CaseStatus), or failed. */
  workflowsNotCompleted: string[];
  duplicatedTasks: number;
  duplicatedLedgerRows: number;
  /** One e-mail the processes owed, queued and sent twice (under two Message-IDs): a real duplicate. */
  duplicatedEmails: number;
  /**
   * A message sent again under its own Message-ID: a worker killed after the relay took it and before
   * `sent_at` was written (the one window no outbox closes); a receiving system drops the copy.
   */
  resentCopies: number;
  resentCopiesDetail: { messageId: string | null; subject: string; to: string[]; receivedAt: string }[];
  outboxRows: number;
  outboxUnsent: number;
  emailsReceived: number;
  /** Answers that were retried, by their status (or `connection` for a failed connection). */
  retries: Record<string, number>;
  stepsGivenUp: number;
  faults: Fault[];
  slowestRecoveryMs: Partial<Record<FaultKind, number>>;
  unexpectedExits: Record<string, number>;
  cyclesPerSecond: number;
}

interface Team {
  employee: HttpUser;
  manager: HttpUser;
  /** Each request its employee's own day: they are the only one requesting it. */
  nextDay(): string;
}

const password = 'drill-password-1';

/** Pushes leave processes through submit and decision over HTTP while faults are injected, then checks. */
export async function runLeaveDrill(shape: ProductionShape, settings: DrillSettings, log: (msg: string) => void): Promise<DrillResult> {
  const teams = await seedTeams(shape, settings.loops);
  const retries: Record<string, number> = {};
  const submitted: string[] = [];
  const completions: number[] = [];
  const faults: Fault[] = [];
  let stepsGivenUp = 0;
  let startedCount = 0;
  let loopsDone = false;
  const t0 = performance.now();
  const now = () => performance.now() - t0;

  const restarts: { kind: FaultKind; at: number; done: boolean; run: () => Promise<void> }[] = [
    { kind: 'temporal-restart' as const, at: settings.temporalRestartAt, done: false, run: shape.restartTemporal },
    { kind: 'postgres-restart' as const, at: settings.postgresRestartAt, done: false, run: shape.restartPostgres },
  ].sort((a, b) => a.at - b.at);
  // A loop waits before starting a process far past a restart's mark until the restart happened, so
  // every planned fault strikes while processes are in flight.
  const mayStart = (n: number) => restarts.every((r) => r.done || n <= Math.floor(r.at * settings.processes) + settings.loops);

  /** Calls until the API answers something other than a server error or a broken connection. */
  const call = async (what: string, request: () => Promise<ApiAnswer>): Promise<ApiAnswer> => {
    const deadline = performance.now() + settings.stepTimeoutMs;
    for (;;) {
      let reason: string;
      try {
        const answer = await request();
        if (answer.status < 500 && answer.status !== 429) return answer;
        reason = String(answer.status);
      } catch {
        reason = 'connection';
      }
      retries[reason] = (retries[reason] ?? 0) + 1;
      if (performance.now() > deadline) throw new Error(`${what}: still failing (${reason}) after ${settings.stepTimeoutMs / 1000} s`);
      await sleep(250);
    }
  };
  const until = async <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> => {
    const deadline = performance.now() + settings.stepTimeoutMs;
    for (;;) {
      const found = await probe();
      if (found !== undefined) return found;
      if (performance.now() > deadline) throw new Error(`${what}: not seen within ${settings.stepTimeoutMs / 1000} s`);
      await sleep(100);
    }
  };
  const leaveStatus = async (team: Team, requestId: string): Promise<string> => {
    const answer = await call(`GET leave ${requestId}`, () => team.employee.get(`/leave-requests/${requestId}`));
    if (answer.status !== 200) throw new Error(`GET /api/leave-requests/${requestId} answered ${answer.status}`);
    return answer.body.leaveRequest.status;
  };

  const cycle = async (team: Team): Promise<void> => {
    const requestId = randomUUID();
    const form = oneDayLeaveForm(requestId, team.nextDay(), 'Drill');
    const answer = await call(`submit ${requestId}`, () => team.employee.post('/leave-requests', form));
    if (answer.status !== 201 && answer.status !== 200)
      throw new Error(`POST /api/leave-requests answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    submitted.push(requestId);
    const task = await until(`the task of ${requestId}`, async () => {
      const tasks = await call('GET /api/tasks', () => team.manager.get('/tasks?sort=newest&limit=200'));
      return (tasks.body?.tasks as { id: string; caseId: string }[] | undefined)?.find((t) => t.caseId === requestId);
    });
    const approval = await call(`approve ${requestId}`, () =>
      team.manager.post(`/tasks/${task.id}/complete`, { values: { decision: 'approve' } }),
    );
    // 409: an earlier attempt whose answer was lost already completed it; the status below tells.
    if (approval.status !== 200 && approval.status !== 409) {
      throw new Error(`Completing the task of ${requestId} answered ${approval.status}: ${JSON.stringify(approval.body)}`);
    }
    await until(`${requestId} approved`, async () => ((await leaveStatus(team, requestId)) === 'approved' ? true : undefined));
    completions.push(now());
  };

  const loop = async (team: Team): Promise<void> => {
    for (;;) {
      if (startedCount >= settings.processes) return;
      if (!mayStart(startedCount + 1)) {
        await sleep(100);
        continue;
      }
      startedCount++;
      try {
        await cycle(team);
      } catch (err) {
        stepsGivenUp++;
        log(`A cycle was given up: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };

  // A killed worker comes back in the background (its start bundles the workflows: tens of seconds
  // on a loaded machine), so a restart that falls due meanwhile strikes on time, with cycles in
  // flight; the other worker is killed only once the first is back.
  const injectFaults = async (): Promise<void> => {
    let nextKillAt = now() + settings.killEverySeconds * 1000;
    let kills = 0;
    let workerComingBack: Promise<void> | null = null;
    const announce = (what: string) => log(`fault: ${what} (${startedCount} started, ${completions.length} completed)`);
    while (!loopsDone) {
      const at = now();
      const due = restarts.find((r) => !r.done && startedCount >= Math.floor(r.at * settings.processes));
      if (due) {
        announce(due.kind);
        await due.run();
        due.done = true;
        faults.push({ kind: due.kind, target: due.kind, at, outageMs: now() - at, recoveryMs: null });
      } else if (!workerComingBack && kills < settings.maxWorkerKills && at >= nextKillAt) {
        const worker = shape.workers[kills % 2]!;
        kills++;
        announce(`SIGKILL ${worker.name}`);
        const fault: Fault = { kind: 'worker-kill', target: worker.name, at, outageMs: NaN, recoveryMs: null };
        faults.push(fault);
        workerComingBack = worker.killAndRestart().then(() => {
          fault.outageMs = now() - at;
          nextKillAt = now() + settings.killEverySeconds * 1000;
          workerComingBack = null;
        });
      } else {
        await sleep(100);
      }
    }
    await workerComingBack;
  };

  log(`drill: ${settings.processes} processes over ${settings.loops} loops`);
  const faulting = injectFaults();
  await Promise.all(teams.map(loop));
  const durationMs = now();
  loopsDone = true;
  await faulting;
  for (const fault of faults) {
    const before = completions.filter((c) => c <= fault.at).at(-1) ?? 0;
    const after = completions.find((c) => c > fault.at);
    fault.recoveryMs = after === undefined ? null : after - before;
  }
  log(`drill: loops done after ${(durationMs / 1000).toFixed(1)} s; waiting for everything to settle`);
  const checks = await settleAndCheck(shape, submitted, settings.settleTimeoutMs);
  for (const team of teams) [team.employee, team.manager].forEach((u) => u.close());

  const slowestRecoveryMs: Partial<Record<FaultKind, number>> = {};
  for (const fault of faults) {
    const recovery = fault.recoveryMs ?? Infinity;
    slowestRecoveryMs[fault.kind] = Math.max(slowestRecoveryMs[fault.kind] ?? 0, recovery);
  }
  return {
    settings,
    durationMs,
    started: submitted.length,
    ...checks,
    retries,
    stepsGivenUp,
    faults,
    slowestRecoveryMs,
    unexpectedExits: Object.fromEntries([...shape.workers, shape.api].map((p) => [p.name, p.unexpectedExits()])),
    cyclesPerSecond: completions.length / (durationMs / 1000),
  };
}

/** One organisation per loop, so no loop's manager wades through another loop's tasks. */
async function seedTeams(shape: ProductionShape, loops: number): Promise<Team[]> {
  const run = randomBytes(3).toString('hex');
  const year = new Date().getUTCFullYear();
  const slugs = Array.from({ length: loops }, (_, i) => `drill${run}${i}`);
  for (const slug of slugs) await seedOrganisation(shape.database.db, { slug, name: `Drill ${slug}`, password, years: [year, year + 1] });
  const holidays = new Set((await shape.database.sql<{ day: string }[]>`select day::text as day from holidays`).map((h) => h.day));
  const teams: Team[] = [];
  for (const slug of slugs) {
    const signIn = (who: string) => signInOverHttp(shape.apiUrl, `${who}@${slug}.test`, password, { events: false });
    teams.push({ employee: await signIn('employee'), manager: await signIn('manager'), nextDay: workingDays(holidays) });
  }
  return teams;
}

/** Waits until every submitted request is approved and every e-mail sent (or the time is up), then counts. */
async function settleAndCheck(shape: ProductionShape, requestIds: string[], timeoutMs: number) {
  const { sql } = shape.database;
  const deadline = performance.now() + timeoutMs;
  const pending = async () => {
    const [row] = await sql<{ requests: number; emails: number }[]>`
      select (select count(*)::int from leave_requests where id = any(${requestIds}::uuid[]) and status <> 'approved') as requests,
             (select count(*)::int from outbound_emails where sent_at is null) as emails`;
    return row!;
  };
  for (;;) {
    const left = await pending().catch(() => ({ requests: -1, emails: -1 }));
    if (left.requests === 0 && left.emails === 0) break;
    if (performance.now() > deadline) break;
    await sleep(500);
  }
  // The last sends may still be on their way to the sink.
  await sleep(1_000);

  const approvedRows = await sql<{ id: string }[]>`
    select id::text from leave_requests where id = any(${requestIds}::uuid[]) and status = 'approved'`;
  const approved = new Set(approvedRows.map((r) => r.id));
  const workflowsNotCompleted: string[] = [];
  for (const id of approved) {
    // An approved leave's workflow waits, cancellable, until the leave begins: approved, not failed.
    const description = await shape.temporal.workflow.getHandle(`leave-${id}`).describe();
    const caseStatus = description.typedSearchAttributes.get(CaseStatus);
    const running = description.status.name === 'RUNNING' || description.status.name === 'COMPLETED';
    if (!running || (caseStatus !== 'approved' && caseStatus !== 'taken')) workflowsNotCompleted.push(id);
  }
  const [counts] = await sql<{ tasks: number; ledger: number; outbox: number; unsent: number }[]>`
    select
      (select count(*)::int from (select case_id from tasks where case_id = any(${requestIds}) group by case_id having count(*) > 1) t) as tasks,
      (select count(*)::int from (select request_id from leave_ledger where request_id = any(${requestIds}::uuid[]) and kind = 'taken'
                                   group by request_id having count(*) > 1) l) as ledger,
      (select count(*)::int from outbound_emails) as outbox,
      (select count(*)::int from outbound_emails where sent_at is null) as unsent`;
  const perMessageId = new Map<string, number>();
  for (const mail of shape.received) perMessageId.set(mail.messageId ?? mail.id, (perMessageId.get(mail.messageId ?? mail.id) ?? 0) + 1);
  // What a person would see twice: the same message (recipient, subject and text, which links the
  // case) under different Message-IDs.
  const idsPerMessage = new Map<string, Set<string>>();
  for (const mail of shape.received) {
    const what = `${mail.to.join(',')}\n${mail.subject}\n${mail.text}`;
    idsPerMessage.set(what, (idsPerMessage.get(what) ?? new Set()).add(mail.messageId ?? mail.id));
  }
  return {
    completed: requestIds.filter((id) => approved.has(id) && !workflowsNotCompleted.includes(id)).length,
    lost: requestIds.filter((id) => !approved.has(id)),
    workflowsNotCompleted,
    duplicatedTasks: counts!.tasks,
    duplicatedLedgerRows: counts!.ledger,
    duplicatedEmails: [...idsPerMessage.values()].filter((ids) => ids.size > 1).length,
    resentCopies: [...perMessageId.values()].reduce((sum, n) => sum + n - 1, 0),
    // When each copy came, to set beside the faults' times.
    resentCopiesDetail: shape.received
      .filter((m) => perMessageId.get(m.messageId ?? m.id)! > 1)
      .map((m) => ({ messageId: m.messageId, subject: m.subject, to: m.to, receivedAt: m.receivedAt })),
    outboxRows: counts!.outbox,
    outboxUnsent: counts!.unsent,
    emailsReceived: shape.received.length,
  };
}

/** Whether the drill found nothing lost and nothing doubled. */
export function drillPassed(result: DrillResult): boolean {
  return (
    result.lost.length === 0 &&
    result.workflowsNotCompleted.length === 0 &&
    result.duplicatedTasks === 0 &&
    result.duplicatedLedgerRows === 0 &&
    result.duplicatedEmails === 0 &&
    result.outboxUnsent === 0 &&
    result.stepsGivenUp === 0
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

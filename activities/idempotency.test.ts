import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CorrectionInput } from '../workflows/attendance/messages.ts';
import { createDb } from '../db/client.ts';
import { seedOrganisation, type SeededOrganisation } from '../db/seed.ts';
import { startMailDispatcher, type MailDispatcher } from '../mail/dispatcher.ts';
import { queueEmail } from '../mail/outbox.ts';
import { startMailSink, type MailSink } from '../mail/sink.ts';
import { freePort } from '../scripts/free-port.ts';
import type { User } from '../db/schema/index.ts';
import { leaveApprovalForm } from '../workflows/leave/approval-form.ts';
import type { LeaveRequestInput } from '../workflows/leave/messages.ts';
import type { EngagementInput } from '../workflows/engagement/messages.ts';
import { createActivities } from './index.ts';
import { payrollRunWorkflowId } from '../workflows/payroll/messages.ts';
import type { TaskChange, TaskRowState } from './tasks.ts';

// Temporal runs an activity at least once: a worker that dies after the activity's transaction
// committed, or a lost completion, runs it again with the same input. Each activity here runs
// twice against the real PostgreSQL and a real SMTP sink (the outbox sent after each run); the
// second run must change nothing.

let database: ReturnType<typeof createDb>;
let sink: MailSink;
let dispatcher: MailDispatcher;
let org: SeededOrganisation;
let activities: ReturnType<typeof createActivities>;

// Everything a process writes, row by row; a second run that rewrote a row would show here too.
const processTables = [
  'tasks',
  'task_candidates',
  'case_events',
  'audit_log',
  'notifications',
  'leave_requests',
  'leave_ledger',
  'outbound_emails',
  'leads',
  'engagements',
  'engagement_stage_periods',
  'quotes',
  'clients',
  'client_contacts',
  'work_items',
  'time_entries',
  'client_follow_ups',
  'attendance_days',
  'attendance_corrections',
  'employments',
  'salary_structures',
  'payroll_runs',
  'payroll_lines',
  'payroll_adjustments',
  'payslips',
];

async function everythingWritten() {
  await dispatcher.drain();
  const tables: Record<string, string[]> = {};
  for (const table of processTables) {
    const rows = await database.sql.unsafe<{ row: string }[]>(
      `select to_jsonb(t)::text as row from ${table} t where org_id = $1 order by 1`,
      [org.orgId],
    );
    tables[table] = rows.map((r) => r.row);
  }
  return { tables, mail: sink.messages().map((m) => `${m.to.join(',')}: ${m.subject}`) };
}

type Written = Awaited<ReturnType<typeof everythingWritten>>;
/** No rows anywhere: spread first, then what a run should have written. */
const nothingElse = Object.fromEntries(processTables.map((t) => [t, 0]));
const added = (before: Written, after: Written) => ({
  ...Object.fromEntries(processTables.map((t) => [t, after.tables[t]!.length - before.tables[t]!.length])),
  mail: after.mail.slice(before.mail.length),
});

/** Runs an activity as the workflow `workflowId` would, twice; what the first run wrote, and proof the second wrote nothing. */
async function runTwice<A extends unknown[]>(workflowId: string, activity: (...args: A) => Promise<unknown>, ...args: A) {
  const env = new MockActivityEnvironment({ workflowExecution: { workflowId, runId: randomUUID() } });
  const before = await everythingWritten();
  const first = await env.run(activity, ...args);
  const afterFirst = await everythingWritten();
  const second = await env.run(activity, ...args);
  expect(await everythingWritten(), 'the second run changed something').toEqual(afterFirst);
  return { written: added(before, afterFirst), answers: [first, second] };
}

const asAssignee = (user: User) => ({ id: user.id, name: user.name, email: user.email, permissions: ['leave:approve'] });
const asActor = (user: User) => ({
  userId: user.id,
  name: user.name,
  email: user.email,
  roles: user.roles,
  departmentId: user.departmentId,
  permissions: ['leave:approve'],
  address: '203.0.113.7',
});

const approvalOf = (input: LeaveRequestInput) => ({
  input,
  decision: 'approved' as const,
  comment: 'Enjoy',
  actor: asActor(org.people.manager),
  at: new Date().toISOString(),
});

// Each request has its own employee, so no two overlap or share a balance.
function leaveRequest(employee: User): LeaveRequestInput {
  const year = new Date().getUTCFullYear() + 1;
  return {
    requestId: randomUUID(),
    orgId: org.orgId,
    departmentId: employee.departmentId,
    employee: { id: employee.id, name: employee.name, email: employee.email },
    approver: asAssignee(org.people.manager),
    leaveType: { code: 'annual', name: 'Annual leave', hasBalance: true },
    span: { startDate: `${year}-03-02`, endDate: `${year}-03-03`, startHalfDay: false, endHalfDay: false },
    halfDays: 4,
    year,
    reason: 'Family',
    startsAt: `${year}-03-01T23:00:00.000Z`,
    policy: { remindAfterMs: 86_400_000, escalateAfterMs: 259_200_000 },
    submittedFrom: '203.0.113.7',
  };
}

function approvalTask(overrides: Partial<TaskRowState> = {}): TaskRowState {
  return {
    key: 'approval',
    step: 'approval',
    round: 1,
    kind: 'leave-approval',
    title: 'Leave request: Eve Employee',
    form: leaveApprovalForm,
    permission: 'leave:approve',
    priority: 'normal',
    status: 'open',
    holderId: org.people.manager.id,
    delegateId: null,
    queue: null,
    alsoAllowedIds: [],
    excludedIds: [org.people.employee.id],
    dueAt: null,
    escalationLevel: 0,
    note: 'Assigned to Mona Manager.',
    outcome: null,
    completedBy: null,
    completedAt: null,
    version: 1,
    ...overrides,
  };
}

function taskChange(caseId: string, task: TaskRowState, kind: TaskChange['event']['kind'], mailTo: User[]): TaskChange {
  return {
    caseRef: { orgId: org.orgId, caseType: 'leave', caseId, subjectId: org.people.employee.id },
    task,
    event: {
      key: `${task.key}:v${task.version}:${kind}`,
      kind,
      actorId: null,
      address: null,
      note: task.note,
      detail: null,
      at: new Date().toISOString(),
    },
    mailTo: mailTo.map(({ id, name, email }) => ({ id, name, email })),
    mailText: `"${task.title}" waits for your decision.`,
    notifyIds: [],
  };
}

beforeAll(async () => {
  database = createDb(inject('databaseUrl'));
  sink = await startMailSink({ smtpPort: await freePort() });
  const slug = `i${randomUUID().slice(0, 8)}`;
  const year = new Date().getUTCFullYear();
  org = await seedOrganisation(database.db, { slug, name: `Org ${slug}`, password: 'unused-password-1', years: [year, year + 1] });
  dispatcher = await startMailDispatcher({
    sql: database.sql,
    smtpUrl: sink.smtpUrl,
    from: 'Staged Processes <no-reply@localhost>',
    onlyOrgIds: [org.orgId],
  });
  activities = createActivities({ db: database.db, appUrl: 'http://localhost:3000' });
});
afterAll(async () => {
  await dispatcher?.stop();
  await sink?.stop();
  await database?.close();
});

it('covers every activity the worker registers', () => {
  // A new activity fails this until it has a run-twice test below.
  expect(Object.keys(activities).sort()).toEqual([
    'announceDelivery',
    'approvePayrollRun',
    'cancelLeave',
    'clientContactOf',
    'completeCorrection',
    'computePayrollBatch',
    'convertToClient',
    'correctPayrollLine',
    'decideLeave',
    'departmentApprovers',
    'departmentChoices',
    'enterStage',
    'excludePayrollLine',
    'findEscalationTarget',
    'findMissedCheckOuts',
    'issuePayslipBatch',
    'openPayrollRun',
    'payrollStartInput',
    'recomputePayrollLines',
    'recordDelivered',
    'recordEngagement',
    'recordLeaveRequest',
    'recordProposedCheckOut',
    'recordQuote',
    'recordQuoteAnswer',
    'recordRequirements',
    'recordTaskChange',
    'recordTimeEntry',
    'recordWorkPlan',
    'sendInboxDigests',
    'sendQuote',
    'setPayrollRunStatus',
    'setWorkItemStatus',
  ]);
});

describe('run twice with the same input', () => {
  it('recordTaskChange writes the task, its candidates, timeline and audit entry, its e-mail and the holder’s notice once', async () => {
    const caseId = randomUUID();
    const change = taskChange(caseId, approvalTask(), 'opened', [org.people.manager]);
    const { written } = await runTwice(`leave-${caseId}`, activities.recordTaskChange, change);
    expect(written).toEqual({
      ...nothingElse,
      tasks: 1,
      task_candidates: 1, // the employee, excluded from deciding their own case
      case_events: 1,
      audit_log: 1,
      notifications: 1,
      leave_requests: 0,
      leave_ledger: 0,
      outbound_emails: 1,
      mail: [`${org.people.manager.email}: Assigned to you: Leave request: Eve Employee`],
    });
  });

  it('recordLeaveRequest records the request, its timeline and audit entry once and checks the balance once', async () => {
    const input = leaveRequest(org.people.employee);
    const { written } = await runTwice(`leave-${input.requestId}`, activities.recordLeaveRequest, input);
    expect(written).toMatchObject({ leave_requests: 1, case_events: 1, audit_log: 1, leave_ledger: 0, outbound_emails: 0, mail: [] });
  });

  it('recordLeaveRequest with its approval opening writes the request and the task, their entries and the e-mail once', async () => {
    const other = leaveRequest(org.people.employee);
    // Other days than the test above, which already holds the usual ones for this employee.
    const input = { ...other, span: { ...other.span, startDate: `${other.year}-04-06`, endDate: `${other.year}-04-07` } };
    const opening = taskChange(input.requestId, approvalTask(), 'opened', [org.people.manager]);
    const { written } = await runTwice(`leave-${input.requestId}`, activities.recordLeaveRequest, input, opening);
    expect(written).toEqual({
      ...nothingElse,
      tasks: 1,
      task_candidates: 1,
      case_events: 2, // submitted, then the task opened
      audit_log: 2,
      notifications: 1,
      leave_requests: 1,
      leave_ledger: 0,
      outbound_emails: 1,
      mail: [`${org.people.manager.email}: Assigned to you: Leave request: Eve Employee`],
    });
  });

  it('decideLeave takes the days from the balance, records the decision and e-mails the employee once', async () => {
    const input = leaveRequest(org.people.colleague);
    const env = new MockActivityEnvironment({ workflowExecution: { workflowId: `leave-${input.requestId}`, runId: randomUUID() } });
    await env.run(activities.recordLeaveRequest, input);
    const { written } = await runTwice(`leave-${input.requestId}`, activities.decideLeave, approvalOf(input));
    expect(written).toMatchObject({
      leave_requests: 0,
      leave_ledger: 1,
      case_events: 1,
      audit_log: 1,
      outbound_emails: 1,
      mail: [`${org.people.colleague.email}: Your leave request was approved`],
    });
    const ledger = await database.sql`select kind, half_days from leave_ledger where request_id = ${input.requestId}`;
    expect(ledger).toEqual([{ kind: 'taken', half_days: -4 }]);
  });

  it('decideLeave with its task’s completion closes the task and records the decision once, in one transaction', async () => {
    const other = leaveRequest(org.people.employee);
    // Other days than the tests above, which already hold two spans of this employee's.
    const input = { ...other, span: { ...other.span, startDate: `${other.year}-05-04`, endDate: `${other.year}-05-05` } };
    const env = new MockActivityEnvironment({ workflowExecution: { workflowId: `leave-${input.requestId}`, runId: randomUUID() } });
    await env.run(activities.recordLeaveRequest, input, taskChange(input.requestId, approvalTask(), 'opened', [org.people.manager]));
    const decided = approvalOf(input);
    const closed = approvalTask({
      status: 'completed',
      outcome: { decision: 'approve', comment: decided.comment },
      completedBy: decided.actor.userId,
      completedAt: decided.at,
      version: 2,
    });
    const closing = taskChange(input.requestId, closed, 'completed', []);
    closing.event.actorId = decided.actor.userId;
    const { written } = await runTwice(`leave-${input.requestId}`, activities.decideLeave, { ...decided, closing });
    expect(written).toEqual({
      ...nothingElse,
      tasks: 0, // the approval's own row, now completed
      task_candidates: -1, // a closed task is offered to nobody: the employee's exclusion goes
      case_events: 2, // the task completed, then the request approved
      audit_log: 2,
      leave_ledger: 1,
      outbound_emails: 1,
      mail: [`${org.people.employee.email}: Your leave request was approved`],
    });
    const [task] = await database.sql`select status, completed_by from tasks where case_id = ${input.requestId}`;
    expect(task).toEqual({ status: 'completed', completed_by: decided.actor.userId });
    const [request] = await database.sql`select status from leave_requests where id = ${input.requestId}`;
    expect(request).toEqual({ status: 'approved' });
  });

  it('cancelLeave gives approved days back, records the cancellation and e-mails the approver once', async () => {
    const input = leaveRequest(org.people.qa);
    const env = new MockActivityEnvironment({ workflowExecution: { workflowId: `leave-${input.requestId}`, runId: randomUUID() } });
    await env.run(activities.recordLeaveRequest, input);
    await env.run(activities.decideLeave, approvalOf(input));
    const cancellation = {
      input,
      actor: { userId: org.people.qa.id, name: org.people.qa.name, address: null },
      reason: 'Plans changed',
      at: new Date().toISOString(),
    };
    const { written } = await runTwice(`leave-${input.requestId}`, activities.cancelLeave, cancellation);
    expect(written).toMatchObject({
      leave_requests: 0,
      leave_ledger: 1,
      case_events: 1,
      audit_log: 1,
      outbound_emails: 1,
      mail: [`${org.people.manager.email}: ${org.people.qa.name} cancelled a leave request`],
    });
    const ledger = await database.sql`select kind, half_days from leave_ledger where request_id = ${input.requestId} order by kind`;
    expect(ledger).toEqual([
      { kind: 'reversal', half_days: 4 },
      { kind: 'taken', half_days: -4 },
    ]);
    const [request] = await database.sql`select status from leave_requests where id = ${input.requestId}`;
    expect(request!.status).toBe('cancelled');
  });

  it('findEscalationTarget only reads: it writes nothing and answers the same both times', async () => {
    const search = {
      orgId: org.orgId,
      subjectId: org.people.employee.id,
      fromUserId: org.people.manager.id,
      target: { type: 'reporting-line' as const },
      permission: 'leave:approve',
      excludedIds: [org.people.employee.id],
    };
    const { written, answers } = await runTwice(`leave-${randomUUID()}`, activities.findEscalationTarget, search);
    expect(written).toEqual({ ...Object.fromEntries(processTables.map((t) => [t, 0])), mail: [] });
    expect(answers[0]).toMatchObject({ kind: 'person', person: { id: org.people.director.id } });
    expect(answers[1]).toEqual(answers[0]);
  });
});

describe('an engagement’s writes, each run twice in the order the process runs them', () => {
  const engagementId = randomUUID();
  const wf = `engagement-${engagementId}`;
  const e = () => ({ engagementId, orgId: org.orgId });
  const written = (w: Record<string, unknown>) => expect.objectContaining(w);
  const engagementInput = (): EngagementInput => ({
    engagementId,
    orgId: org.orgId,
    title: 'Web for Client Co',
    lead: {
      leadId: engagementId,
      contactName: 'Cleo Client',
      email: org.people.client.email,
      phone: null,
      company: 'Client Co',
      source: 'referral',
      serviceCategory: 'web',
      budgetMinor: 100_000,
      currency: 'EUR',
      notes: null,
      score: 40,
      possibleDuplicateOfId: null,
      capturedVia: 'staff',
    },
    owner: { id: org.people.agent.id, name: org.people.agent.name, email: org.people.agent.email },
    salesAgent: null,
    capturedBy: { id: org.people.agent.id, name: org.people.agent.name, email: org.people.agent.email },
    capturedFrom: null,
    capturedAt: new Date().toISOString(),
    timeZone: 'Europe/Berlin',
    policy: { quoteApprovalAboveMinor: 1_000_000, quoteValidDays: 30, followUpAfterDays: 90, slaHours: {} },
  });
  const qualification = (): TaskChange => ({
    ...taskChange(
      engagementId,
      approvalTask({
        key: 'qualification',
        step: 'qualification',
        kind: 'engagement-qualification',
        holderId: null,
        queue: { role: 'sales_closer', label: 'Sales closers' },
        excludedIds: [],
      }),
      'opened',
      [],
    ),
    caseRef: { orgId: org.orgId, caseType: 'engagement', caseId: engagementId, subjectId: org.people.agent.id },
  });

  it('recordEngagement writes the lead, the engagement, its first stage, its qualification task and their entries once', async () => {
    const { written: w } = await runTwice(wf, activities.recordEngagement, engagementInput(), qualification());
    expect(w).toEqual(
      written({ leads: 1, engagements: 1, engagement_stage_periods: 1, tasks: 1, task_candidates: 1, case_events: 3, audit_log: 2 }),
    );
  });

  it('enterStage ends one stay and begins the next, with one timeline entry', async () => {
    const { written: w } = await runTwice(wf, activities.enterStage, {
      ...e(),
      stage: 'quote',
      round: 1,
      status: 'open',
      note: null,
      actorId: null,
      at: new Date().toISOString(),
    });
    expect(w).toEqual(written({ engagement_stage_periods: 1, case_events: 1 }));
  });

  it('recordQuote writes the version and its audit entry once; sendQuote e-mails its link once', async () => {
    const lines = [
      { description: 'Design', quantityHundredths: 100, unitPriceMinor: 50_000, discountBasisPoints: 0, taxBasisPoints: 1900 },
    ];
    const quote = await runTwice(wf, activities.recordQuote, {
      ...e(),
      version: 1,
      lines,
      currency: 'EUR',
      preparedById: org.people.agent.id,
      needsApproval: false,
    });
    expect(quote.written).toEqual(written({ quotes: 1, audit_log: 1 }));
    const sent = await runTwice(wf, activities.sendQuote, {
      ...e(),
      version: 1,
      approvedById: null,
      to: { name: 'Cleo Client', email: org.people.client.email },
      validDays: 30,
      at: new Date().toISOString(),
    });
    expect(sent.written).toEqual(written({ outbound_emails: 1, case_events: 1, mail: [`${org.people.client.email}: Your quote`] }));
    expect(sent.answers).toEqual([{ sent: true }, { sent: true }]);
  });

  it('recordQuoteAnswer and convertToClient make one client with one contact, whatever the retries', async () => {
    const answer = await runTwice(wf, activities.recordQuoteAnswer, {
      ...e(),
      version: 1,
      accepted: true,
      via: 'link',
      actorId: null,
      address: null,
      reason: null,
      at: new Date().toISOString(),
    });
    expect(answer.written).toEqual(written({ audit_log: 1 }));
    const converted = await runTwice(wf, activities.convertToClient, { ...e(), leadId: engagementId });
    expect(converted.written).toEqual(written({ clients: 1, client_contacts: 1, audit_log: 1 }));
    expect(converted.answers[0]).toEqual(converted.answers[1]);
  });

  it('the reads (departmentChoices, departmentApprovers, clientContactOf) write nothing and answer the same', async () => {
    const choices = await runTwice(wf, activities.departmentChoices, org.orgId);
    expect(choices.answers[0]).toEqual(choices.answers[1]);
    const ids = (choices.answers[0] as { value: string }[]).map((c) => c.value);
    const approvers = await runTwice(wf, activities.departmentApprovers, { orgId: org.orgId, departmentIds: ids });
    expect(approvers.answers[0]).toEqual(approvers.answers[1]);
    const [client] = await database.sql<{ id: string }[]>`select id from clients where from_lead_id = ${engagementId}`;
    const contact = await runTwice(wf, activities.clientContactOf, { clientId: client!.id });
    expect(contact.answers[0]).toMatchObject({ portalUserId: org.people.client.id });
    for (const run of [choices, approvers, contact]) expect(run.written).toEqual({ ...nothingElse, mail: [] });
  });

  it('recordRequirements, recordWorkPlan and setWorkItemStatus leave one row per item', async () => {
    await runTwice(wf, activities.recordRequirements, { ...e(), requirements: 'Five pages', departmentIds: [] });
    const item = {
      key: 'design',
      title: 'Design',
      assigneeId: org.people.employee.id,
      estimateMinutes: 60,
      priority: 'normal' as const,
      dependsOn: [],
    };
    const plan = await runTwice(wf, activities.recordWorkPlan, { ...e(), items: [item], actorId: org.people.lead.id });
    expect(plan.written).toEqual(written({ work_items: 1, audit_log: 1 }));
    expect(plan.answers[0]).toEqual([expect.objectContaining({ id: org.people.employee.id, permissions: ['work:do'] })]);
    await runTwice(wf, activities.setWorkItemStatus, { engagementId, key: 'design', status: 'in_progress', round: 1 });
  });

  it('recordTimeEntry logs an entry once and answers the same total', async () => {
    const entry = {
      ...e(),
      key: 'design',
      userId: org.people.employee.id,
      minutes: 45,
      loggedOn: '2027-03-02',
      note: null,
      entryKey: randomUUID(),
    };
    const logged = await runTwice(wf, activities.recordTimeEntry, entry);
    expect(logged.written).toEqual(written({ time_entries: 1 }));
    expect(logged.answers).toEqual([45, 45]);
  });

  it('announceDelivery e-mails the client once; recordDelivered schedules one follow-up', async () => {
    const announced = await runTwice(wf, activities.announceDelivery, {
      ...e(),
      round: 1,
      to: { id: 'contact', name: 'Cleo Client', email: org.people.client.email },
      title: 'Web for Client Co',
    });
    expect(announced.written).toEqual(
      written({ outbound_emails: 1, mail: [`${org.people.client.email}: Ready for you: Web for Client Co`] }),
    );
    const [client] = await database.sql<{ id: string }[]>`select id from clients where from_lead_id = ${engagementId}`;
    const delivered = await runTwice(wf, activities.recordDelivered, {
      ...e(),
      clientId: client!.id,
      ownerId: org.people.agent.id,
      followUpOn: '2027-06-01',
      title: 'Web for Client Co',
    });
    expect(delivered.written).toEqual(written({ client_follow_ups: 1, audit_log: 1 }));
  });
});

describe('the daily digest', () => {
  it('recordTaskChange tells someone who takes the digest in their bell only; sendInboxDigests then queues their digest once', async () => {
    const { lead } = org.people;
    await database.sql`insert into user_preferences (user_id, org_id, email_mode) values (${lead.id}, ${org.orgId}, 'digest')`;
    const caseId = randomUUID();
    const opened = await runTwice(
      `leave-${caseId}`,
      activities.recordTaskChange,
      taskChange(caseId, approvalTask({ holderId: lead.id }), 'opened', [lead]),
    );
    expect(opened.written).toMatchObject({ tasks: 1, notifications: 1, outbound_emails: 0, mail: [] });
    const run = { orgId: org.orgId, at: new Date().toISOString() };
    const { written, answers } = await runTwice(`inbox-digest-${org.orgId}`, activities.sendInboxDigests, run);
    expect(written).toMatchObject({
      tasks: 0,
      notifications: 0,
      outbound_emails: 1,
      mail: [`${lead.email}: Your daily task digest: 1 task with news`],
    });
    expect(answers).toEqual([
      { readers: 1, sent: 1 },
      { readers: 1, sent: 0 },
    ]);
  });
});

describe('bell notices', () => {
  it('recordTaskChange of a completion tells the other holder once that it was decided, and not the decider', async () => {
    const caseId = randomUUID();
    const env = new MockActivityEnvironment({ workflowExecution: { workflowId: `leave-${caseId}`, runId: randomUUID() } });
    await env.run(activities.recordTaskChange, taskChange(caseId, approvalTask(), 'opened', [org.people.manager]));
    // Escalated to the director; the manager may still decide, and does.
    const completed = approvalTask({
      version: 3,
      status: 'completed',
      holderId: org.people.director.id,
      alsoAllowedIds: [org.people.manager.id],
      escalationLevel: 1,
      completedBy: org.people.manager.id,
      completedAt: new Date().toISOString(),
    });
    const change = taskChange(caseId, completed, 'completed', []);
    const { written } = await runTwice(`leave-${caseId}`, activities.recordTaskChange, {
      ...change,
      event: { ...change.event, actorId: org.people.manager.id },
    });
    expect(written).toMatchObject({ notifications: 1, mail: [] });
    const told = await database.sql`
      select n.user_id, n.kind, n.title, n.actor_id from notifications n join tasks t on t.id = n.task_id
      where t.case_id = ${caseId} order by n.created_at`;
    expect(told).toEqual([
      { user_id: org.people.manager.id, kind: 'assigned', title: completed.title, actor_id: null },
      { user_id: org.people.director.id, kind: 'decided', title: completed.title, actor_id: org.people.manager.id },
    ]);
  });
});

describe('task versions', () => {
  it('recordTaskChange with an older version after a newer one leaves the newer row and its candidates', async () => {
    const caseId = randomUUID();
    const env = new MockActivityEnvironment({ workflowExecution: { workflowId: `leave-${caseId}`, runId: randomUUID() } });
    const opened = approvalTask();
    const escalated = approvalTask({
      version: 2,
      holderId: org.people.director.id,
      alsoAllowedIds: [org.people.manager.id],
      escalationLevel: 1,
      note: 'No decision in time; escalated to Dana Director.',
    });
    await env.run(activities.recordTaskChange, taskChange(caseId, escalated, 'escalated', []));
    // The opening write arrives late, as a retry of a slower attempt would.
    await env.run(activities.recordTaskChange, taskChange(caseId, opened, 'opened', []));
    const [row] = await database.sql`select id, version, assignee_id, escalation_level, note from tasks where case_id = ${caseId}`;
    expect(row).toMatchObject({ version: 2, assignee_id: org.people.director.id, escalation_level: 1, note: escalated.note });
    const candidates = await database.sql`select relation, user_id from task_candidates where task_id = ${row!.id} order by relation`;
    expect(candidates).toEqual([
      { relation: 'also', user_id: org.people.manager.id },
      { relation: 'excluded', user_id: org.people.employee.id },
    ]);
  });
});

describe('a write that changes a task', () => {
  it('recordTaskChange with a newer version replaces the candidates the version before left', async () => {
    const caseId = randomUUID();
    const env = new MockActivityEnvironment({ workflowExecution: { workflowId: `leave-${caseId}`, runId: randomUUID() } });
    const queued = approvalTask({ holderId: null, queue: { label: 'HR', role: 'hr' } });
    await env.run(activities.recordTaskChange, taskChange(caseId, queued, 'opened', []));
    const taken = approvalTask({ version: 2, holderId: org.people.director.id, alsoAllowedIds: [org.people.manager.id] });
    await env.run(activities.recordTaskChange, taskChange(caseId, taken, 'claimed', []));
    const candidates = await database.sql`
      select c.relation, c.user_id, c.role from task_candidates c join tasks t on t.id = c.task_id
       where t.case_id = ${caseId} order by c.relation`;
    expect(candidates).toEqual([
      { relation: 'also', user_id: org.people.manager.id, role: null },
      { relation: 'excluded', user_id: org.people.employee.id, role: null },
    ]);
  });
});

describe('a request the database refuses', () => {
  it('recordLeaveRequest refuses a request overlapping one recorded first, and writes nothing of it: no row, task, entry or e-mail', async () => {
    const first = leaveRequest(org.people.hr);
    const span = (startDate: string, endDate: string) => ({ ...first.span, startDate, endDate });
    const recorded = { ...first, span: span(`${first.year}-05-04`, `${first.year}-05-05`) };
    const opening = (input: LeaveRequestInput) => taskChange(input.requestId, approvalTask(), 'opened', [org.people.manager]);
    const env = (input: LeaveRequestInput) =>
      new MockActivityEnvironment({ workflowExecution: { workflowId: `leave-${input.requestId}`, runId: randomUUID() } });
    await env(recorded).run(activities.recordLeaveRequest, recorded, opening(recorded));

    // A second request for a day the first holds, as two requests racing past the API's checks would.
    const racing = { ...leaveRequest(org.people.hr), span: span(`${first.year}-05-05`, `${first.year}-05-06`) };
    const before = await everythingWritten();
    await expect(env(racing).run(activities.recordLeaveRequest, racing, opening(racing))).rejects.toMatchObject({
      type: 'LeaveRefused',
      message: 'The range overlaps leave you already requested or took.',
    });
    expect(added(before, await everythingWritten())).toEqual({ ...nothingElse, mail: [] });
  });
});

describe('a missed check-out’s writes, each run twice in the order the process runs them', () => {
  // A day of its own, far from anything else this file writes.
  const day = `${new Date().getUTCFullYear() + 3}-05-04`;
  const at = new Date(`${day}T07:00:00Z`);
  let correction: CorrectionInput;

  it('findMissedCheckOuts makes the day’s correction and its flag once, and answers the same both times', async () => {
    await database.sql`insert into attendance_days (org_id, employee_id, day, check_in_at, source)
      values (${org.orgId}, ${org.people.employee.id}, ${day}, ${at.toISOString()}, 'web')`;
    const { written, answers } = await runTwice(`attendance-missed-check-outs-${org.orgId}`, activities.findMissedCheckOuts, {
      orgId: org.orgId,
      at: new Date(`${day}T23:00:00Z`).toISOString(),
    });
    // 23:00 UTC is already the next day in Berlin.
    expect(written).toEqual({ ...nothingElse, attendance_corrections: 1, case_events: 1, mail: [] });
    expect(answers[1]).toEqual(answers[0]);
    correction = (answers[0] as CorrectionInput[])[0]!;
    expect(correction).toMatchObject({ day, approver: { id: org.people.manager.id } });
  });

  it('recordProposedCheckOut records the time and its timeline entry once', async () => {
    const { written } = await runTwice(
      `attendance-correction-${org.people.employee.id}-${day}`,
      activities.recordProposedCheckOut,
      correction,
      `${day}T15:30:00.000Z`,
    );
    expect(written).toEqual({ ...nothingElse, case_events: 1, mail: [] });
  });

  it('completeCorrection closes the day, records the decision and its audit entry once', async () => {
    const decision = { checkOutAt: `${day}T15:30:00.000Z`, decidedBy: org.people.manager.id, decidedAt: `${day}T20:00:00.000Z` };
    const { written } = await runTwice(
      `attendance-correction-${org.people.employee.id}-${day}`,
      activities.completeCorrection,
      correction,
      decision,
    );
    expect(written).toEqual({ ...nothingElse, case_events: 1, audit_log: 1, mail: [] });
    const [row] =
      await database.sql`select check_out_at from attendance_days where employee_id = ${org.people.employee.id} and day = ${day}`;
    expect(new Date(row!.check_out_at as string).toISOString()).toBe(decision.checkOutAt);
  });
});

describe('the one window the outbox cannot close', () => {
  it('a send retried after SMTP accepted but before sent_at was written repeats the same Message-ID', async () => {
    const email = { key: `window-${randomUUID()}`, orgId: org.orgId, to: org.people.hr.email, subject: 'Window', text: 'Once.\n' };
    await queueEmail(database.db, email);
    expect(await dispatcher.drain()).toBe(1);
    // As if the worker died between the SMTP server's answer and the `sent_at` write.
    await database.sql`update outbound_emails set sent_at = null where key = ${email.key}`;
    expect(await dispatcher.drain()).toBe(1);
    const copies = sink.messages().filter((m) => m.subject === 'Window');
    expect(copies).toHaveLength(2);
    expect(copies[1]!.messageId).toBe(copies[0]!.messageId);
    await queueEmail(database.db, email);
    expect(await dispatcher.drain()).toBe(0);
  });
});

describe('a payroll run’s writes, each run twice in the order the run makes them', () => {
  it('opens the run once, computes and corrects its lines, approves it and issues one payslip and one e-mail', async () => {
    const period = '2031-03';
    const [eve, carl] = [org.people.employee, org.people.colleague];
    for (const person of [eve, carl]) {
      await database.sql`insert into employments (employee_id, org_id, joined_on) values (${person.id}, ${org.orgId}, '2030-01-01')`;
    }
    const components = [
      { code: 'base', name: 'Base', type: 'earning', rule: { kind: 'fixed', amountMinor: 300000, prorated: true } },
      { code: 'tax', name: 'Tax', type: 'deduction', rule: { kind: 'percentOf', of: 'base', basisPoints: 2000 } },
    ];
    await database.sql`insert into salary_structures (org_id, employee_id, effective_from, components)
                       values (${org.orgId}, ${eve.id}, '2030-01-01', ${JSON.stringify(components)}::jsonb)`;
    // An adjustment from an earlier month, which the run claims as it computes Eve's line.
    await database.sql`insert into payroll_adjustments (org_id, employee_id, type, amount_minor, reason, target)
                       values (${org.orgId}, ${eve.id}, 'earning', 5000, 'Owed', 'next_run')`;
    const input = { ...(await activities.payrollStartInput({ orgId: org.orgId, period })), batchSize: 1 };
    const workflowId = payrollRunWorkflowId(org.orgId, period);
    const { runId } = input;

    const opened = await runTwice(workflowId, activities.openPayrollRun, input);
    expect(opened.written).toMatchObject({ payroll_runs: 1, payroll_lines: 2, mail: [] });
    expect(opened.answers).toEqual([
      { batches: 2, employees: 2 },
      { batches: 2, employees: 2 },
    ]);
    for (const batch of [0, 1]) await runTwice(workflowId, activities.computePayrollBatch, { runId, batch });
    await runTwice(workflowId, activities.setPayrollRunStatus, { runId, stage: 'review' });
    const actor = { userId: org.people.hr.id, name: org.people.hr.name, permissions: ['payroll:run'], address: null };
    const corrected = await runTwice(workflowId, activities.correctPayrollLine, {
      runId,
      actor,
      employeeId: eve.id,
      unpaidDays: 2,
      note: 'Absent',
    });
    expect(corrected.written).toMatchObject({ audit_log: 1 });
    const excluded = await runTwice(workflowId, activities.excludePayrollLine, {
      runId,
      actor,
      employeeId: carl.id,
      reason: 'No structure yet',
    });
    expect(excluded.written).toMatchObject({ audit_log: 1 });
    // Recomputed with a changed structure: the line changes once, and the second run finds it done.
    await database.sql`update salary_structures set components = jsonb_set(components, '{0,rule,amountMinor}', '310000') where employee_id = ${eve.id}`;
    const recomputed = await runTwice(workflowId, activities.recomputePayrollLines, { runId, actor, employeeId: eve.id });
    expect(recomputed.answers).toEqual([
      { recomputed: 1, review: { problemLines: 0, revision: expect.any(Number) } },
      { recomputed: 1, review: (recomputed.answers[0] as { review: unknown }).review },
    ]);
    const [eveLine] = await database.sql`select net_minor from payroll_lines where employee_id = ${eve.id}`;
    // March 2031's 21 working days, two unpaid: 3,100.00 × 19/21 = 2,804.7619… → 2,804.76, less 20 %
    // tax of it (560.952 → 560.95), plus the 50.00 owed.
    expect(eveLine!.net_minor).toBe(280476 - 56095 + 5000);
    await runTwice(workflowId, activities.approvePayrollRun, { runId, approvedBy: org.people.finance.id });
    const batchOf = async (id: string) => Number((await database.sql`select batch from payroll_lines where employee_id = ${id}`)[0]!.batch);
    const issued = await runTwice(workflowId, activities.issuePayslipBatch, { runId, batch: await batchOf(eve.id) });
    expect(issued.written).toEqual({ ...nothingElse, payslips: 1, outbound_emails: 1, mail: [`${eve.email}: Your payslip for ${period}`] });
    expect(issued.answers).toEqual([{ issued: 1 }, { issued: 0 }]);
    expect((await runTwice(workflowId, activities.issuePayslipBatch, { runId, batch: await batchOf(carl.id) })).written).toEqual({
      ...nothingElse,
      mail: [],
    });
  });
});

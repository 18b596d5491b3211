import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrganisation, type SeededOrganisation } from '../db/seed.ts';
import { departmentIdOf, insertEngagement, insertReportDataSet } from './engagement-report-data.ts';
import { signIn, startPlatform, testPassword, type Platform, type SignedIn } from './harness.ts';

// The engagement reports over a data set written straight into the tables, with every figure worked
// out by hand: conversion, cycle times (percentile_cont), SLA breaches and the value won per month in
// the organisation's zone (Europe/Berlin), their filters and CSV exports, and another organisation's
// rows never counted.

let platform: Platform;
let agent: SignedIn;
let other: SeededOrganisation;
let otherSlug: string;
let dataSet: Awaited<ReturnType<typeof insertReportDataSet>>;
let otherDelivery: string;

beforeAll(async () => {
  // No workflow runs here (the rows are written directly), so no worker needs a bundle.
  platform = await startPlatform({ bundle: { code: '' } });
  const { db } = platform.database;
  dataSet = await insertReportDataSet(db, platform.org.orgId, platform.org.people.agent.id, platform.now());
  // Another organisation, with figures that would show in every report if they leaked.
  otherSlug = `other-${randomUUID().slice(0, 8)}`;
  other = await seedOrganisation(db, { slug: otherSlug, name: `Org ${otherSlug}`, password: testPassword, years: [2026] });
  otherDelivery = await departmentIdOf(db, other.orgId, 'Delivery');
  await insertEngagement(db, other.orgId, other.people.agent.id, {
    source: 'referral',
    serviceCategory: 'web',
    departmentIds: [otherDelivery],
    capturedAt: '2026-01-10T09:00:00Z',
    status: 'open',
    stays: [
      { stage: 'qualification', hours: 100 },
      { stage: 'quote', hours: 100 },
      { stage: 'client-answer', hours: 'open' },
    ],
    tasks: [{ step: 'quote', status: 'completed', dueAt: new Date('2026-01-11T09:00:00Z'), completedAt: new Date('2026-01-20T09:00:00Z') }],
    acceptedQuotes: [{ totalMinor: 777_700, currency: 'EUR', decidedAt: '2026-01-15T10:00:00Z' }],
  });
  agent = await signIn(platform, 'agent');
});
afterAll(() => platform?.stop());

const report = async (who: SignedIn, path: string) => {
  const answer = await who.get(`/engagements/reports/${path}`);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
};

const hours = (h: number) => h * 3600;

describe('conversion', () => {
  it('counts the engagements that reached each stage, and per lead source the captured, qualified, won and delivered', async () => {
    const body = await report(agent, 'conversion');
    expect(body.captured).toBe(6);
    expect(Object.fromEntries(body.stages.map((s: { stage: string; reached: number }) => [s.stage, s.reached]))).toEqual({
      qualification: 6,
      'follow-up': 1,
      quote: 2,
      'quote-approval': 0,
      'client-answer': 2,
      // Two stays of the delivered engagement count once.
      onboarding: 2,
      validation: 1,
      approvals: 1,
      breakdown: 1,
      execution: 1,
      qa: 1,
      delivery: 1,
    });
    expect(body.stages[0]).toEqual({ stage: 'qualification', label: 'Qualification', reached: 6 });
    expect(body.sources).toEqual([
      { source: 'event', label: 'Event', captured: 2, qualified: 0, won: 0, delivered: 0 },
      { source: 'referral', label: 'Referral', captured: 2, qualified: 2, won: 2, delivered: 1 },
      { source: 'web_form', label: 'Web form', captured: 2, qualified: 0, won: 0, delivered: 0 },
    ]);
  });
});

describe('cycle times', () => {
  it('gives the median and the 90th percentile of the finished stays in each stage, each round a stay', async () => {
    const body = await report(agent, 'cycle-times');
    expect(body.stages).toEqual([
      // 1, 2, 3, 4 and 5 hours (the stay still open is left out): 3 h; 4 h + 0.6 × 1 h.
      { stage: 'qualification', label: 'Qualification', stays: 5, medianSeconds: hours(3), p90Seconds: hours(4.6) },
      // 1 and 3 hours: 2 h; 1 h + 0.9 × 2 h.
      { stage: 'quote', label: 'Quote', stays: 2, medianSeconds: hours(2), p90Seconds: hours(2.8) },
      { stage: 'client-answer', label: 'Client’s answer', stays: 2, medianSeconds: hours(1), p90Seconds: hours(1) },
      // The first and the second round, 1 and 2 hours; the other engagement's stay is still open.
      { stage: 'onboarding', label: 'Onboarding', stays: 2, medianSeconds: hours(1.5), p90Seconds: hours(1.9) },
      { stage: 'validation', label: 'Validation', stays: 2, medianSeconds: hours(1), p90Seconds: hours(1) },
      ...['approvals', 'breakdown', 'execution', 'qa', 'delivery'].map((stage) => ({
        stage,
        label: expect.any(String),
        stays: 1,
        medianSeconds: hours(1),
        p90Seconds: hours(1),
      })),
    ]);
    // No stay in follow-up has ended.
    expect(body.stages.some((s: { stage: string }) => s.stage === 'follow-up')).toBe(false);
  });
});

describe('SLA breaches', () => {
  it('counts tasks completed late, open past due or escalated, by stage (each task once) and by department (none too)', async () => {
    const body = await report(agent, 'sla-breaches');
    expect(body.at).toBe(platform.now().toISOString());
    expect(body.byStage).toEqual([
      // Four tasks, one completed two hours late; one on time, one without a due time.
      { stage: 'qualification', label: 'Qualification', tasks: 4, breaches: 1, late: 1, overdue: 0, escalated: 0 },
      { stage: 'quote', label: 'Quote', tasks: 1, breaches: 1, late: 1, overdue: 0, escalated: 0 },
      { stage: 'onboarding', label: 'Onboarding', tasks: 1, breaches: 1, late: 0, overdue: 1, escalated: 0 },
      // The department approval's step is `approval`: decided in time, but escalated first.
      { stage: 'approvals', label: 'Department approvals', tasks: 1, breaches: 1, late: 0, overdue: 0, escalated: 1 },
      // A work item's task late and escalated is one breach; its review, withdrawn past due, none.
      { stage: 'execution', label: 'Execution', tasks: 2, breaches: 1, late: 1, overdue: 0, escalated: 1 },
    ]);
    expect(body.byDepartment).toEqual([
      { departmentId: dataSet.departments.delivery, department: 'Delivery', tasks: 7, breaches: 4, late: 2, overdue: 1, escalated: 2 },
      { departmentId: dataSet.departments.support, department: 'Support', tasks: 2, breaches: 1, late: 0, overdue: 1, escalated: 0 },
      { departmentId: null, department: 'None', tasks: 1, breaches: 1, late: 1, overdue: 0, escalated: 0 },
      {
        departmentId: dataSet.departments.formula,
        department: '=HYPERLINK("http://evil.example")',
        tasks: 1,
        breaches: 0,
        late: 0,
        overdue: 0,
        escalated: 0,
      },
    ]);
  });
});

describe('won value', () => {
  it('sums accepted quotes by the month of acceptance in the organisation’s zone, per currency, empty months included', async () => {
    const body = await report(agent, 'won-value');
    expect(body).toEqual({
      timeZone: 'Europe/Berlin',
      currencies: [
        {
          currency: 'EUR',
          months: [
            { month: '2026-01', currency: 'EUR', wonMinor: 250_000, quotes: 1 },
            // Accepted at 23:30 UTC on 31 January: already February in Berlin.
            { month: '2026-02', currency: 'EUR', wonMinor: 100_000, quotes: 1 },
            { month: '2026-03', currency: 'EUR', wonMinor: 0, quotes: 0 },
            { month: '2026-04', currency: 'EUR', wonMinor: 30_000, quotes: 1 },
          ],
        },
        { currency: 'USD', months: [{ month: '2026-04', currency: 'USD', wonMinor: 50_000, quotes: 1 }] },
      ],
    });
  });
});

describe('filters', () => {
  it('narrows every report by service, department and capture date (a day in the organisation’s zone)', async () => {
    const web = await report(agent, 'conversion?serviceCategory=web');
    expect(web.captured).toBe(4);
    expect(web.sources.map((s: { source: string; captured: number }) => [s.source, s.captured])).toEqual([
      ['event', 2],
      ['referral', 1],
      ['web_form', 1],
    ]);

    const support = `departmentId=${dataSet.departments.support}`;
    expect((await report(agent, `conversion?${support}`)).captured).toBe(1);
    const supportBreaches = await report(agent, `sla-breaches?${support}`);
    expect(supportBreaches.byStage.map((s: { stage: string; tasks: number; breaches: number }) => [s.stage, s.tasks, s.breaches])).toEqual([
      ['qualification', 1, 0],
      ['onboarding', 1, 1],
    ]);
    // Only the department asked for, though the engagement has Delivery too.
    expect(supportBreaches.byDepartment.map((d: { department: string }) => d.department)).toEqual(['Support']);
    expect((await report(agent, `won-value?${support}`)).currencies).toEqual([
      { currency: 'EUR', months: [{ month: '2026-01', currency: 'EUR', wonMinor: 250_000, quotes: 1 }] },
    ]);

    // February in Berlin: the lead captured at 23:30 UTC on 31 January is in, the one of 1 March is not.
    const february = 'from=2026-02-01&to=2026-02-28';
    const inFebruary = await report(agent, `conversion?${february}`);
    expect(inFebruary.captured).toBe(3);
    expect(inFebruary.sources.map((s: { source: string; captured: number }) => [s.source, s.captured])).toEqual([
      ['web_form', 2],
      ['event', 1],
    ]);
    // 3, 4 and 5 hours: 4 h; 4 h + 0.8 × 1 h.
    expect((await report(agent, `cycle-times?${february}`)).stages).toEqual([
      { stage: 'qualification', label: 'Qualification', stays: 3, medianSeconds: hours(4), p90Seconds: hours(4.8) },
    ]);
    expect((await report(agent, 'conversion?to=2026-01-31')).captured).toBe(2);
    expect((await report(agent, 'conversion?from=2026-03-01&to=2026-03-01')).captured).toBe(1);
  });

  it('refuses bad filters with a 400 naming the filter', async () => {
    for (const [query, field] of [
      ['from=2026-02-30', 'from'],
      ['to=yesterday', 'to'],
      ['from=2026-03-01&to=2026-02-01', 'to'],
      ['serviceCategory=plumbing', 'serviceCategory'],
      ['departmentId=sales', 'departmentId'],
    ] as const) {
      for (const path of ['conversion', 'cycle-times', 'sla-breaches', 'won-value', 'won-value.csv']) {
        const answer = await agent.get(`/engagements/reports/${path}?${query}`);
        expect({ path, query, status: answer.status }).toEqual({ path, query, status: 400 });
        expect(answer.body.error).toMatchObject({ code: 'invalid_input', details: [{ path: field }] });
      }
    }
    expect((await agent.get('/engagements/reports/conversion?stage=qa')).status).toBe(400);
  });
});

describe('CSV exports', () => {
  it('gives each chart’s figures as CSV, filtered like the page, with formula-like cells neutralised', async () => {
    const won = await agent.get('/engagements/reports/won-value.csv');
    expect(won.status).toBe(200);
    expect(won.headers.get('content-type')).toContain('text/csv');
    expect(won.headers.get('content-disposition')).toBe(
      `attachment; filename="engagement-won-value-${platform.now().toISOString().slice(0, 10)}.csv"`,
    );
    expect(won.body).toBe(
      [
        'month,currency,wonMinor,quotes',
        '"2026-01","EUR","250000","1"',
        '"2026-02","EUR","100000","1"',
        '"2026-03","EUR","0","0"',
        '"2026-04","EUR","30000","1"',
        '"2026-04","USD","50000","1"',
        '',
      ].join('\r\n'),
    );
    const supportOnly = await agent.get(`/engagements/reports/won-value.csv?departmentId=${dataSet.departments.support}`);
    expect(supportOnly.body).toBe('month,currency,wonMinor,quotes\r\n"2026-01","EUR","250000","1"\r\n');

    const byDepartment = (await agent.get('/engagements/reports/sla-breaches-by-department.csv')).body as string;
    expect(byDepartment.split('\r\n')).toEqual([
      'departmentId,department,tasks,breaches,late,overdue,escalated',
      `"${dataSet.departments.delivery}","Delivery","7","4","2","1","2"`,
      `"${dataSet.departments.support}","Support","2","1","0","1","0"`,
      '"","None","1","1","1","0","0"',
      // A spreadsheet shows this as text, never runs it.
      `"${dataSet.departments.formula}","'=HYPERLINK(""http://evil.example"")","1","0","0","0","0"`,
      '',
    ]);

    const lines = async (chart: string) => ((await agent.get(`/engagements/reports/${chart}.csv`)).body as string).split('\r\n');
    expect((await lines('conversion-by-stage')).slice(0, 3)).toEqual([
      'stage,label,reached',
      '"qualification","Qualification","6"',
      '"follow-up","Follow-up","1"',
    ]);
    expect(await lines('conversion-by-source')).toContain('"referral","Referral","2","2","2","1"');
    expect((await lines('cycle-times'))[1]).toBe('"qualification","Qualification","5","10800","16560"');
    expect((await lines('sla-breaches-by-stage'))[1]).toBe('"qualification","Qualification","4","1","1","0","0"');
  });
});

describe('another organisation', () => {
  it('never counts the other organisation’s rows, not even through its department’s id', async () => {
    const foreign = `departmentId=${otherDelivery}`;
    expect((await report(agent, `conversion?${foreign}`)).captured).toBe(0);
    expect((await report(agent, `cycle-times?${foreign}`)).stages).toEqual([]);
    expect(await report(agent, `sla-breaches?${foreign}`)).toMatchObject({ byStage: [], byDepartment: [] });
    expect((await report(agent, `won-value?${foreign}`)).currencies).toEqual([]);

    // And its own people see only its own engagement.
    const otherAgent = await signIn(platform, `agent@${otherSlug}.test`);
    expect((await report(otherAgent, 'conversion')).captured).toBe(1);
    expect((await report(otherAgent, 'cycle-times')).stages).toEqual([
      { stage: 'qualification', label: 'Qualification', stays: 1, medianSeconds: hours(100), p90Seconds: hours(100) },
      { stage: 'quote', label: 'Quote', stays: 1, medianSeconds: hours(100), p90Seconds: hours(100) },
    ]);
    expect((await report(otherAgent, 'won-value')).currencies).toEqual([
      { currency: 'EUR', months: [{ month: '2026-01', currency: 'EUR', wonMinor: 777_700, quotes: 1 }] },
    ]);
    const departments = (await report(otherAgent, 'filters')).departments.map((d: { id: string }) => d.id);
    expect(departments).toContain(otherDelivery);
    expect(departments).not.toContain(dataSet.departments.delivery);
  });

  it('shows the reports only to people who see the pipeline', async () => {
    const employee = await signIn(platform, 'employee');
    expect((await employee.get('/engagements/reports/conversion')).status).toBe(403);
    expect((await employee.get('/engagements/reports/won-value.csv')).status).toBe(403);
  });
});

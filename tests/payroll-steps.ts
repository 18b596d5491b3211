import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { SalaryComponent } from '../domain/payroll/structure.ts';
import { eventually, type Platform, type SignedIn } from './harness.ts';

// The steps of a payroll run as HR and finance take them through the API, shared by its tests.

export const fixed = (code: string, name: string, amountMinor: number, type: 'earning' | 'deduction' = 'earning'): SalaryComponent => ({
  code,
  name,
  type,
  rule: { kind: 'fixed', amountMinor, prorated: true },
});
export const percentOf = (code: string, name: string, of: string, basisPoints: number): SalaryComponent => ({
  code,
  name,
  type: 'deduction',
  rule: { kind: 'percentOf', of, basisPoints },
});

export async function setUpEmployee(
  hr: SignedIn,
  employeeId: string,
  employment: { joinedOn: string; leftOn?: string | null; iban?: string | null },
  effectiveFrom?: string,
  components: SalaryComponent[] = [],
) {
  const set = await hr.put(`/payroll/employees/${employeeId}/employment`, { iban: 'DE89370400440532013000', ...employment });
  expect(set.status, JSON.stringify(set.body)).toBe(200);
  if (effectiveFrom) {
    const made = await hr.post(`/payroll/employees/${employeeId}/structures`, { effectiveFrom, components });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
  }
}

/** An approved leave of this type for a day (or half of it), as the leave process leaves it, written straight in. */
export async function approvedLeave(platform: Platform, employeeId: string, typeCode: string, day: string, half = false) {
  await platform.database.sql`
    insert into leave_requests (id, org_id, employee_id, leave_type_code, start_date, end_date, start_half_day, end_half_day,
                                half_days, reason, status, workflow_id)
    values (${randomUUID()}, ${platform.org.orgId}, ${employeeId}, ${typeCode}, ${day}, ${day}, ${half}, false, ${half ? 1 : 2},
            'Family', 'approved', 'test')`;
}

export async function runReachesReview(hr: SignedIn, period: string, timeoutMs = 60_000) {
  return eventually(async () => {
    const { body } = await hr.get(`/payroll/runs/${period}`);
    return body.run?.status === 'review' && body.run.progress.computed === body.run.progress.employees ? body.run : null;
  }, timeoutMs);
}

export async function payrollTask(user: SignedIn, kind: string, runId: string) {
  return eventually(async () => {
    const { body } = await user.get('/tasks?sort=newest&limit=200');
    return body.tasks?.find((t: { caseId: string; kind: string }) => t.caseId === runId && t.kind === kind);
  }, 30_000);
}

export async function complete(user: SignedIn, task: { id: string }, values: Record<string, unknown>) {
  return user.post(`/tasks/${task.id}/complete`, { values });
}

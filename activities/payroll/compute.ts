import { and, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import {
  employments,
  holidays,
  leaveRequests,
  leaveTypes,
  payrollLines,
  payrollRuns,
  payslips,
  salaryStructures,
} from '../../db/schema/index.ts';
import { emptyPayslip, withAdjustments } from '../../domain/payroll/adjustments.ts';
import { eachDate, type CalendarDate } from '../../domain/calendar.ts';
import { payableDays } from '../../domain/payroll/payable-days.ts';
import { periodDates, previousPeriod } from '../../domain/payroll/period.ts';
import { computePay, type SalaryComponent } from '../../domain/payroll/structure.ts';
import { claimAdjustments } from './adjustments.ts';
import { attendanceForPeriod } from './attendance.ts';

type Line = typeof payrollLines.$inferSelect;
type Run = typeof payrollRuns.$inferSelect;

/**
 * Computes these lines of a run and writes each one's result: its pay, or the set-up problems that
 * stop it (never a throw). Everything is read for the whole set at once, so a batch of hundreds
 * costs a handful of queries. The month's run pays the salary structure and any adjustments due in
 * the next run; an off-cycle run pays its adjustments alone. Called under the run's lock. Answers
 * how many lines it changed: a line computed again to the same figures is left as it was.
 */
export async function computeLines(tx: DbOrTx, run: Run, lines: Line[], onLine: () => void = () => {}): Promise<number> {
  if (lines.length === 0) return 0;
  const ids = lines.map((l) => l.employeeId);
  const period = periodDates(run.period);
  const offCycle = run.sequence > 0;
  const adjustments = await claimAdjustments(tx, run, lines);
  const [employed, structures, dayOffs, unpaid, previous, attendance] = await Promise.all([
    tx.select().from(employments).where(inArray(employments.employeeId, ids)),
    tx
      .selectDistinctOn([salaryStructures.employeeId])
      .from(salaryStructures)
      .where(and(inArray(salaryStructures.employeeId, ids), lte(salaryStructures.effectiveFrom, period.end)))
      .orderBy(salaryStructures.employeeId, desc(salaryStructures.effectiveFrom)),
    tx
      .select({ day: holidays.day })
      .from(holidays)
      .where(and(eq(holidays.orgId, run.orgId), gte(holidays.day, period.start), lte(holidays.day, period.end))),
    tx
      .select({
        employeeId: leaveRequests.employeeId,
        startDate: leaveRequests.startDate,
        endDate: leaveRequests.endDate,
        startHalfDay: leaveRequests.startHalfDay,
        endHalfDay: leaveRequests.endHalfDay,
      })
      .from(leaveRequests)
      .innerJoin(leaveTypes, and(eq(leaveTypes.orgId, leaveRequests.orgId), eq(leaveTypes.code, leaveRequests.leaveTypeCode)))
      .where(
        and(
          inArray(leaveRequests.employeeId, ids),
          eq(leaveRequests.status, 'approved'),
          eq(leaveTypes.paid, false),
          lte(leaveRequests.startDate, period.end),
          gte(leaveRequests.endDate, period.start),
        ),
      ),
    // Last month's run, not its off-cycle payments: those are no month's pay.
    tx
      .select({ employeeId: payslips.employeeId, netMinor: payslips.netMinor })
      .from(payslips)
      .innerJoin(payrollRuns, and(eq(payrollRuns.id, payslips.runId), eq(payrollRuns.sequence, 0)))
      .where(and(eq(payslips.orgId, run.orgId), eq(payslips.period, previousPeriod(run.period)), inArray(payslips.employeeId, ids))),
    attendanceForPeriod(tx, run.orgId, period, ids),
  ]);
  const holidaySet = new Set(dayOffs.map((h) => h.day));
  // Each day's halves of unpaid leave: a half day at either end of a request is half a day unpaid,
  // and a morning and an afternoon request on one day make a whole one.
  const unpaidDays = new Map<string, Map<CalendarDate, number>>();
  for (const leave of unpaid) {
    const days = unpaidDays.get(leave.employeeId) ?? new Map<CalendarDate, number>();
    for (const day of eachDate(leave.startDate, leave.endDate)) {
      const half = (day === leave.startDate && leave.startHalfDay) || (day === leave.endDate && leave.endHalfDay);
      days.set(day, Math.min(2, (days.get(day) ?? 0) + (half ? 1 : 2)));
    }
    unpaidDays.set(leave.employeeId, days);
  }

  const results: Record<string, unknown>[] = [];
  for (const line of lines) {
    onLine();
    const employment = employed.find((e) => e.employeeId === line.employeeId);
    const figures = attendance.get(line.employeeId)!;
    const days = payableDays(
      period,
      {
        joinedOn: employment && employment.joinedOn > period.start ? employment.joinedOn : null,
        leftOn: employment?.leftOn && employment.leftOn < period.end ? employment.leftOn : null,
      },
      { unpaidLeave: unpaidDays.get(line.employeeId) ?? new Map(), unexcusedAbsence: new Set(figures.unexcusedAbsentDays) },
      holidaySet,
    );
    const correction = line.correction;
    const payable = Math.max(0, days.payableDays - (correction?.unpaidDays ?? 0));
    const overtimeHundredths = correction?.overtimeHundredths ?? figures.overtimeHundredths;
    const components: SalaryComponent[] = structures.find((s) => s.employeeId === line.employeeId)?.components ?? [];
    const base = offCycle
      ? { payslip: emptyPayslip }
      : computePay(components, {
          payableDays: payable,
          periodDays: days.periodDays,
          overtimeHundredths,
          workedHundredths: figures.workedHundredths,
        });
    const pay = 'payslip' in base ? withAdjustments(base.payslip, adjustments.get(line.employeeId) ?? []) : base;
    results.push({
      id: line.id,
      ...('payslip' in pay
        ? { status: 'computed', lines: pay.payslip.lines, problems: [], ...pick(pay.payslip) }
        : { status: 'problem', lines: null, problems: pay.problems, grossMinor: null, deductionsMinor: null, netMinor: null }),
      payableDays: payable,
      periodDays: days.periodDays,
      overtimeHundredths,
      previousNetMinor: offCycle ? null : (previous.find((p) => p.employeeId === line.employeeId)?.netMinor ?? null),
    });
  }
  // One statement for the whole batch: a round trip per line would be most of a large run's time.
  const changed = await tx.execute(sql`
    update payroll_lines l set
      -- An excluded line keeps its exclusion: its figures are still shown to HR.
      status = case when l.status = 'excluded' then 'excluded' else x.status end,
      lines = x.lines, problems = x.problems, gross_minor = x."grossMinor", deductions_minor = x."deductionsMinor",
      net_minor = x."netMinor", payable_days = x."payableDays", period_days = x."periodDays",
      overtime_hundredths = x."overtimeHundredths", previous_net_minor = x."previousNetMinor", computed_at = now()
    from jsonb_to_recordset(${JSON.stringify(results)}::jsonb) as x(
      id uuid, status text, lines jsonb, problems jsonb, "grossMinor" int, "deductionsMinor" int, "netMinor" int,
      "payableDays" numeric, "periodDays" int, "overtimeHundredths" int, "previousNetMinor" int)
    where l.id = x.id
      -- The same figures again (a recompute retried) rewrite nothing, not even the time.
      and (l.status, l.lines, l.problems, l.gross_minor, l.deductions_minor, l.net_minor, l.payable_days, l.period_days,
           l.overtime_hundredths, l.previous_net_minor)
          is distinct from
          (case when l.status = 'excluded' then 'excluded' else x.status end, x.lines, x.problems, x."grossMinor",
           x."deductionsMinor", x."netMinor", x."payableDays", x."periodDays", x."overtimeHundredths", x."previousNetMinor")
    returning l.id`);
  return changed.length;
}

const pick = (p: { grossMinor: number; deductionsMinor: number; netMinor: number }) => ({
  grossMinor: p.grossMinor,
  deductionsMinor: p.deductionsMinor,
  netMinor: p.netMinor,
});

/** What the review's submission waits on: no line left with a set-up problem; the newest revision wins. */
export interface ReviewFigures {
  problemLines: number;
  revision: number;
}

/**
 * The run's counts and totals, summed again from its lines: whatever ran twice, they agree. A new
 * revision of the run when its lines `changed` (or its totals moved), under its lock; a retry that
 * changed nothing answers the revision it found.
 */
export async function refreshRunTotals(tx: DbOrTx, runId: string, changed: boolean): Promise<ReviewFigures> {
  const [figures] = await tx.execute<{ problemLines: number; revision: number }>(sql`
    update payroll_runs r set
      employee_count = t.employees, computed_count = t.computed,
      gross_minor = t.gross, deductions_minor = t.deductions, net_minor = t.net,
      revision = r.revision + case
        when ${changed}::boolean
          or (r.employee_count, r.computed_count, r.gross_minor, r.deductions_minor, r.net_minor)
             is distinct from (t.employees, t.computed, t.gross, t.deductions, t.net)
        then 1 else 0 end
    from (
      select count(*)::int as employees,
             count(*) filter (where status <> 'pending')::int as computed,
             count(*) filter (where status = 'problem')::int as problems,
             coalesce(sum(gross_minor) filter (where status = 'computed'), 0)::bigint as gross,
             coalesce(sum(deductions_minor) filter (where status = 'computed'), 0)::bigint as deductions,
             coalesce(sum(net_minor) filter (where status = 'computed'), 0)::bigint as net
        from payroll_lines where run_id = ${runId}) t
    where r.id = ${runId}
    returning t.problems as "problemLines", r.revision`);
  return { problemLines: figures?.problemLines ?? 0, revision: figures?.revision ?? 0 };
}

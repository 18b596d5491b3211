import { and, asc, desc, eq, inArray, lte, max, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { employments, payrollLines, payrollRuns, payslips, salaryStructures, users } from '../../db/schema/index.ts';
import { twoFactorOptional } from '../../domain/access/roles.ts';
import type { CalendarDate } from '../../domain/calendar.ts';
import { formatMinorUnits } from '../../domain/money.ts';
import { isFlagged, parseRunKey, runKey, runLabel } from '../../domain/payroll/period.ts';
import { csvTable } from '../csv.ts';

type Run = typeof payrollRuns.$inferSelect;

/** A run by its key (`yyyy-mm`, or `yyyy-mm-offN` for an off-cycle run). */
export async function findRun(db: DbOrTx, orgId: string, key: string): Promise<Run | undefined> {
  const { period, sequence } = parseRunKey(key);
  const [run] = await db
    .select()
    .from(payrollRuns)
    .where(and(eq(payrollRuns.orgId, orgId), eq(payrollRuns.period, period), eq(payrollRuns.sequence, sequence)));
  return run;
}

/** A run as the list of runs shows it: its stage, progress and totals. */
const runSummary = (run: Run) => ({
  id: run.id,
  key: runKey(run.period, run.sequence),
  period: run.period,
  label: runLabel(run.period, run.sequence),
  offCycle: run.sequence > 0,
  status: run.status,
  currency: run.currency,
  progress: { computed: run.computedCount, employees: run.employeeCount },
  totals: { grossMinor: run.grossMinor, deductionsMinor: run.deductionsMinor, netMinor: run.netMinor },
  approvedAt: run.approvedAt?.toISOString() ?? null,
  paidAt: run.paidAt?.toISOString() ?? null,
});

/** The organisation's runs, the newest month first, its off-cycle runs before its own. */
export async function listRuns(db: DbOrTx, orgId: string) {
  const runs = await db
    .select()
    .from(payrollRuns)
    .where(eq(payrollRuns.orgId, orgId))
    .orderBy(desc(payrollRuns.period), desc(payrollRuns.sequence));
  return runs.map(runSummary);
}

/** The run's totals and progress, with how many lines need HR's eye. */
export async function presentRun(db: DbOrTx, run: Run) {
  const [counts] = await db
    .select({
      problems: sql<number>`count(*) filter (where ${payrollLines.status} = 'problem')::int`,
      excluded: sql<number>`count(*) filter (where ${payrollLines.status} = 'excluded')::int`,
      flagged: sql<number>`count(*) filter (where ${flaggedSql})::int`,
    })
    .from(payrollLines)
    .where(eq(payrollLines.runId, run.id));
  return { ...runSummary(run), counts: counts! };
}

const flaggedSql = sql`${payrollLines.previousNetMinor} is not null and abs(${payrollLines.netMinor} - ${payrollLines.previousNetMinor}) * 10 > ${payrollLines.previousNetMinor}`;

const lineFilters = {
  all: undefined,
  flagged: flaggedSql,
  problem: eq(payrollLines.status, 'problem'),
  excluded: eq(payrollLines.status, 'excluded'),
  /** What a reviewer looks at first: flagged, in error, or left out. */
  attention: or(flaggedSql, inArray(payrollLines.status, ['problem', 'excluded'])),
};

/** A page of lines, and the employee it ends with when more follow (the next page's `after`). */
export interface LinePage<T> {
  lines: T[];
  next: string | null;
}

/**
 * A page of the run's lines, by employee name, with what flags them: `after` an employee (the last
 * of the page before), `limit` at a time. A month of thousands is read a page at a time.
 */
export async function listLines(db: DbOrTx, run: Run, filter: keyof typeof lineFilters, page: { after?: string; limit: number }) {
  const after = page.after
    ? sql`(${users.name}, ${payrollLines.employeeId}) > (select name, id from users where id = ${page.after})`
    : undefined;
  const rows = await db
    .select({ line: payrollLines, name: users.name })
    .from(payrollLines)
    .innerJoin(users, eq(users.id, payrollLines.employeeId))
    .where(and(eq(payrollLines.runId, run.id), lineFilters[filter], after))
    .orderBy(asc(users.name), asc(payrollLines.employeeId))
    .limit(page.limit + 1);
  const shown = rows.slice(0, page.limit);
  return { lines: shown.map(presentLine), next: rows.length > page.limit ? shown.at(-1)!.line.employeeId : null };
}

function presentLine({ line, name }: { line: typeof payrollLines.$inferSelect; name: string }) {
  return {
    employeeId: line.employeeId,
    employeeName: name,
    status: line.status,
    payableDays: line.payableDays,
    periodDays: line.periodDays,
    overtimeHundredths: line.overtimeHundredths,
    lines: line.lines ?? [],
    grossMinor: line.grossMinor,
    deductionsMinor: line.deductionsMinor,
    netMinor: line.netMinor,
    previousNetMinor: line.previousNetMinor,
    flagged: isFlagged(line),
    problems: line.problems ?? [],
    correction: line.correction,
    excludedReason: line.excludedReason,
  };
}

/**
 * HR's set-up list: the organisation's active people, their employment dates, and from when the
 * structure in force on `day` applies (null: none yet, so a run would report them).
 */
export async function setupList(db: DbOrTx, orgId: string, day: CalendarDate) {
  const inForce = db
    .select({ employeeId: salaryStructures.employeeId, from: max(salaryStructures.effectiveFrom).as('from') })
    .from(salaryStructures)
    .where(and(eq(salaryStructures.orgId, orgId), lte(salaryStructures.effectiveFrom, day)))
    .groupBy(salaryStructures.employeeId)
    .as('in_force');
  const rows = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      roles: users.roles,
      joinedOn: employments.joinedOn,
      leftOn: employments.leftOn,
      structureFrom: inForce.from,
    })
    .from(users)
    .leftJoin(employments, eq(employments.employeeId, users.id))
    .leftJoin(inForce, eq(inForce.employeeId, users.id))
    .where(and(eq(users.orgId, orgId), eq(users.active, true)))
    .orderBy(asc(users.name), asc(users.id));
  // Clients sign in too, but nobody pays them a salary.
  return rows
    .filter((r) => !twoFactorOptional(r.roles))
    .map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      employment: r.joinedOn === null ? null : { joinedOn: r.joinedOn, leftOn: r.leftOn },
      structureInForceFrom: r.structureFrom,
    }));
}

const plainAmount = (minor: number, currency: string) => formatMinorUnits(minor, currency).replace(` ${currency}`, '').replaceAll(',', '');

/** The bank-transfer file: a line per payslip of the run, and a totals line that matches the run. */
export async function bankFile(db: DbOrTx, run: Run): Promise<{ csv: string; totalMinor: number; count: number }> {
  const rows = await db
    .select({ name: users.name, iban: employments.iban, netMinor: payslips.netMinor, employeeId: payslips.employeeId })
    .from(payslips)
    .innerJoin(users, eq(users.id, payslips.employeeId))
    .leftJoin(employments, eq(employments.employeeId, payslips.employeeId))
    .where(eq(payslips.runId, run.id))
    .orderBy(asc(users.name), asc(payslips.employeeId));
  const totalMinor = rows.reduce((sum, r) => sum + r.netMinor, 0);
  const csv = csvTable(
    ['name', 'iban', 'amount', 'currency', 'reference'],
    [
      ...rows.map((r) => [
        r.name,
        r.iban ?? '',
        plainAmount(r.netMinor, run.currency),
        run.currency,
        `${run.sequence === 0 ? 'Salary' : 'Adjustment'} ${runKey(run.period, run.sequence)} ${r.employeeId.slice(0, 8)}`,
      ]),
      ['TOTAL', '', plainAmount(totalMinor, run.currency), run.currency, `${rows.length} transfers`],
    ],
  );
  return { csv, totalMinor, count: rows.length };
}

export async function payslipsOf(db: DbOrTx, orgId: string, employeeId: string) {
  const rows = await db
    .select({ slip: payslips, sequence: payrollRuns.sequence })
    .from(payslips)
    .innerJoin(payrollRuns, eq(payrollRuns.id, payslips.runId))
    .where(and(eq(payslips.orgId, orgId), eq(payslips.employeeId, employeeId)))
    .orderBy(desc(payslips.period), desc(payrollRuns.sequence));
  return rows.map(({ slip, sequence }) => presentPayslip(slip, sequence));
}

export const presentPayslip = (p: typeof payslips.$inferSelect, sequence: number) => ({
  id: p.id,
  period: p.period,
  label: runLabel(p.period, sequence),
  sequence,
  payableDays: p.payableDays,
  periodDays: p.periodDays,
  lines: p.lines,
  grossMinor: p.grossMinor,
  deductionsMinor: p.deductionsMinor,
  netMinor: p.netMinor,
  currency: p.currency,
});

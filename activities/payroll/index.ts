import { Context } from '@temporalio/activity';
import { and, asc, eq, gte, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { recordAudit } from '../../db/queries/audit-log.ts';
import type { Db, DbOrTx } from '../../db/client.ts';
import {
  employments,
  organizations,
  payrollAdjustments,
  payrollLines,
  payrollRuns,
  payrollSettings,
  payslips,
  users,
} from '../../db/schema/index.ts';
import { todayIn } from '../../domain/calendar.ts';
import { periodDates } from '../../domain/payroll/period.ts';
import { renderPayslipPdf } from '../../domain/payroll/payslip-pdf.ts';
import { queueEmails, type Email } from '../../mail/outbox.ts';
import { runKey, runLabel } from '../../domain/payroll/period.ts';
import type {
  CorrectLineInput,
  ExcludeLineInput,
  PayrollRunInput,
  PayrollRunStage,
  RecomputeLinesInput,
} from '../../workflows/payroll/messages.ts';
import { releaseAdjustments, waitingFor } from './adjustments.ts';
import { computeLines, refreshRunTotals, type ReviewFigures } from './compute.ts';
import { payrollRunInput } from './start.ts';

export interface PayrollActivityDeps {
  db: Db;
  appUrl: string;
}

const runStatusOf: Record<Exclude<PayrollRunStage, 'starting'>, (typeof payrollRuns.$inferSelect)['status']> = {
  computing: 'computing',
  review: 'review',
  approval: 'approval',
  payslips: 'approved',
  payment: 'approved',
  paid: 'paid',
};

/** A line command's answer: the line's status, and the review's figures after it. */
export interface LineAnswer {
  status: string;
  review?: ReviewFigures;
}

// Serialises the writes of one run's line, so a correction and a recompute never interleave.
const lockRun = (tx: DbOrTx, runId: string) => tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`payroll-run:${runId}`}))`);

export function createPayrollActivities({ db, appUrl }: PayrollActivityDeps) {
  async function lineOf(tx: DbOrTx, runId: string, employeeId: string) {
    const [line] = await tx
      .select()
      .from(payrollLines)
      .where(and(eq(payrollLines.runId, runId), eq(payrollLines.employeeId, employeeId)));
    return line;
  }

  return {
    /**
     * The month's run as the schedule starts it (the organisation's first admin holds its tasks): the
     * month named, else the month of `at` by the organisation's clock.
     */
    async payrollStartInput({ orgId, period, at }: { orgId: string; period?: string; at?: string }): Promise<PayrollRunInput> {
      const [org] = await db.select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, orgId));
      if (!org) throw new Error(`Organisation ${orgId} is not recorded`);
      const month = period ?? todayIn(org.timeZone, at ? new Date(at) : new Date()).slice(0, 7);
      return payrollRunInput(db, orgId, month, null);
    },

    /**
     * The run's row and a pending line for every active employee employed in the period (for an
     * off-cycle run: everyone with an adjustment waiting for one), each in its compute batch; a
     * second call (a retry, the run started again) adds only who is new.
     */
    async openPayrollRun(input: PayrollRunInput): Promise<{ batches: number; employees: number }> {
      const { start, end } = periodDates(input.period);
      return db.transaction(async (tx) => {
        const [settings] = await tx.select().from(payrollSettings).where(eq(payrollSettings.orgId, input.orgId));
        await tx
          .insert(payrollRuns)
          .values({
            id: input.runId,
            orgId: input.orgId,
            period: input.period,
            sequence: input.sequence ?? 0,
            status: 'computing',
            currency: settings?.currency ?? 'EUR',
            startedBy: input.startedBy,
          })
          .onConflictDoNothing();
        const people = input.sequence
          ? await tx
              .selectDistinct({ id: payrollAdjustments.employeeId })
              .from(payrollAdjustments)
              .where(waitingFor(input.orgId, 'off_cycle'))
              .orderBy(asc(payrollAdjustments.employeeId))
          : await tx
              .select({ id: users.id })
              .from(users)
              .innerJoin(employments, eq(employments.employeeId, users.id))
              .where(
                and(
                  eq(users.orgId, input.orgId),
                  eq(users.active, true),
                  lte(employments.joinedOn, end),
                  or(isNull(employments.leftOn), gte(employments.leftOn, start)),
                ),
              )
              .orderBy(asc(users.id));
        const size = Math.max(1, input.batchSize);
        for (let from = 0; from < people.length; from += 1000) {
          await tx
            .insert(payrollLines)
            .values(
              people.slice(from, from + 1000).map((p, i) => ({
                orgId: input.orgId,
                runId: input.runId,
                employeeId: p.id,
                batch: Math.floor((from + i) / size),
                status: 'pending' as const,
              })),
            )
            .onConflictDoNothing();
        }
        await refreshRunTotals(tx, input.runId, false);
        const [shape] = await tx
          .select({ batches: sql<number>`coalesce(max(${payrollLines.batch}) + 1, 0)::int`, employees: sql<number>`count(*)::int` })
          .from(payrollLines)
          .where(eq(payrollLines.runId, input.runId));
        return shape!;
      });
    },

    /** Computes the batch's lines still pending (a retry finds them done) and the run's progress. */
    async computePayrollBatch({ runId, batch }: { runId: string; batch: number }): Promise<{ computed: number; review: ReviewFigures }> {
      return db.transaction(async (tx) => {
        await lockRun(tx, runId);
        const [run] = await tx.select().from(payrollRuns).where(eq(payrollRuns.id, runId));
        if (!run) throw new Error(`Payroll run ${runId} is not recorded`);
        const pending = await tx
          .select()
          .from(payrollLines)
          .where(and(eq(payrollLines.runId, runId), eq(payrollLines.batch, batch), eq(payrollLines.status, 'pending')));
        // Heartbeats tell Temporal this worker is alive: a killed one's batch goes to another within seconds.
        const changed = await computeLines(tx, run, pending, () => Context.current().heartbeat());
        return { computed: pending.length, review: await refreshRunTotals(tx, runId, changed > 0) };
      });
    },

    async setPayrollRunStatus({ runId, stage }: { runId: string; stage: PayrollRunStage }): Promise<void> {
      if (stage === 'starting') return;
      const status = runStatusOf[stage];
      await db
        .update(payrollRuns)
        .set({ status, ...(status === 'paid' ? { paidAt: sql`coalesce(${payrollRuns.paidAt}, now())` } : {}) })
        .where(eq(payrollRuns.id, runId));
    },

    /** HR's corrected inputs on the line, and the line computed again with them. */
    async correctPayrollLine(c: CorrectLineInput & { runId: string }): Promise<LineAnswer> {
      return db.transaction(async (tx) => {
        await lockRun(tx, c.runId);
        const [run] = await tx.select().from(payrollRuns).where(eq(payrollRuns.id, c.runId));
        const line = await lineOf(tx, c.runId, c.employeeId);
        if (!run || !line) return { status: 'not_found' };
        const correction: NonNullable<typeof line.correction> = {
          ...(c.overtimeHundredths === undefined ? {} : { overtimeHundredths: c.overtimeHundredths }),
          ...(c.unpaidDays === undefined ? {} : { unpaidDays: c.unpaidDays }),
          note: c.note,
        };
        // The same correction again (a retried update) finds the line already computed with it.
        const held = line.correction;
        if (held && held.note === c.note && held.overtimeHundredths === c.overtimeHundredths && held.unpaidDays === c.unpaidDays) {
          return { status: line.status, review: await refreshRunTotals(tx, c.runId, false) };
        }
        await tx.update(payrollLines).set({ correction }).where(eq(payrollLines.id, line.id));
        await computeLines(tx, run, [{ ...line, correction }]);
        const review = await refreshRunTotals(tx, c.runId, true);
        await recordAudit(tx, {
          orgId: run.orgId,
          kind: 'payroll.line_corrected',
          actorId: c.actor.userId,
          ipAddress: c.actor.address ?? null,
          targetType: 'payroll_line',
          targetId: line.id,
          detail: { employeeId: c.employeeId, ...correction },
          eventKey: `payroll-${c.runId}:correct:${c.employeeId}:${JSON.stringify(correction)}`,
        });
        return { status: (await lineOf(tx, c.runId, c.employeeId))!.status, review };
      });
    },

    /** Out of the run with HR's reason, or back in (computed again) when the reason is null. */
    async excludePayrollLine(x: ExcludeLineInput & { runId: string }): Promise<LineAnswer> {
      return db.transaction(async (tx) => {
        await lockRun(tx, x.runId);
        const [run] = await tx.select().from(payrollRuns).where(eq(payrollRuns.id, x.runId));
        const line = await lineOf(tx, x.runId, x.employeeId);
        if (!run || !line) return { status: 'not_found' };
        if (x.reason ? line.excludedReason === x.reason : line.status !== 'excluded') {
          return { status: line.status, review: await refreshRunTotals(tx, x.runId, false) };
        }
        if (x.reason) {
          await tx.update(payrollLines).set({ status: 'excluded', excludedReason: x.reason }).where(eq(payrollLines.id, line.id));
          await releaseAdjustments(tx, x.runId, [x.employeeId]);
        } else {
          await tx.update(payrollLines).set({ status: 'pending', excludedReason: null }).where(eq(payrollLines.id, line.id));
          await computeLines(tx, run, [{ ...line, status: 'pending' }]);
        }
        const review = await refreshRunTotals(tx, x.runId, true);
        await recordAudit(tx, {
          orgId: run.orgId,
          kind: x.reason ? 'payroll.line_excluded' : 'payroll.line_included',
          actorId: x.actor.userId,
          ipAddress: x.actor.address ?? null,
          targetType: 'payroll_line',
          targetId: line.id,
          detail: { employeeId: x.employeeId, reason: x.reason },
          eventKey: `payroll-${x.runId}:exclude:${x.employeeId}:${x.reason ?? ''}`,
        });
        return { status: (await lineOf(tx, x.runId, x.employeeId))!.status, review };
      });
    },

    /**
     * Computes lines again with the set-up as it is now (HR fixed a structure or an employment):
     * one employee's, or every line with a problem. Excluded lines stay out.
     */
    async recomputePayrollLines(r: RecomputeLinesInput & { runId: string }): Promise<{ recomputed: number; review: ReviewFigures }> {
      return db.transaction(async (tx) => {
        await lockRun(tx, r.runId);
        const [run] = await tx.select().from(payrollRuns).where(eq(payrollRuns.id, r.runId));
        if (!run) throw new Error(`Payroll run ${r.runId} is not recorded`);
        const lines = await tx
          .select()
          .from(payrollLines)
          .where(
            and(
              eq(payrollLines.runId, r.runId),
              r.employeeId ? eq(payrollLines.employeeId, r.employeeId) : eq(payrollLines.status, 'problem'),
              ne(payrollLines.status, 'excluded'),
            ),
          );
        const changed = await computeLines(
          tx,
          run,
          lines.map((l) => ({ ...l, status: 'pending' as const })),
        );
        return { recomputed: lines.length, review: await refreshRunTotals(tx, r.runId, changed > 0) };
      });
    },

    async approvePayrollRun({ runId, approvedBy }: { runId: string; approvedBy: string }): Promise<void> {
      await db
        .update(payrollRuns)
        .set({ status: 'approved', approvedBy, approvedAt: new Date() })
        .where(and(eq(payrollRuns.id, runId), isNull(payrollRuns.approvedAt)));
    },

    /**
     * The batch's payslips (one per run and employee, never rewritten) and each employee's e-mail with
     * the PDF, keyed by run and employee: a retry, or a worker killed half-way, adds nothing twice.
     */
    async issuePayslipBatch({ runId, batch }: { runId: string; batch: number }): Promise<{ issued: number }> {
      return db.transaction(async (tx) => {
        const [row] = await tx
          .select({ run: payrollRuns, organizationName: organizations.name })
          .from(payrollRuns)
          .innerJoin(organizations, eq(organizations.id, payrollRuns.orgId))
          .where(eq(payrollRuns.id, runId));
        if (!row) throw new Error(`Payroll run ${runId} is not recorded`);
        const { run } = row;
        const lines = await tx
          .select({ line: payrollLines, name: users.name, email: users.email })
          .from(payrollLines)
          .innerJoin(users, eq(users.id, payrollLines.employeeId))
          .where(and(eq(payrollLines.runId, runId), eq(payrollLines.batch, batch), eq(payrollLines.status, 'computed')));
        if (lines.length === 0) return { issued: 0 };
        const issued = await tx
          .insert(payslips)
          .values(
            lines.map(({ line }) => ({
              orgId: run.orgId,
              runId,
              employeeId: line.employeeId,
              period: run.period,
              payableDays: line.payableDays!,
              periodDays: line.periodDays!,
              lines: line.lines!,
              grossMinor: line.grossMinor!,
              deductionsMinor: line.deductionsMinor!,
              netMinor: line.netMinor!,
              currency: run.currency,
            })),
          )
          .onConflictDoNothing()
          .returning({ employeeId: payslips.employeeId });
        const fresh = new Set(issued.map((p) => p.employeeId));
        const emails: Email[] = [];
        for (const { line, name, email } of lines.filter((l) => fresh.has(l.line.employeeId))) {
          Context.current().heartbeat();
          const pdf = await renderPayslipPdf({
            organizationName: row.organizationName,
            employeeName: name,
            period: run.period,
            sequence: run.sequence,
            payableDays: line.payableDays!,
            periodDays: line.periodDays!,
            lines: line.lines!,
            grossMinor: line.grossMinor!,
            deductionsMinor: line.deductionsMinor!,
            netMinor: line.netMinor!,
            currency: run.currency,
            issuedAt: run.approvedAt ?? run.createdAt,
          });
          emails.push({
            key: `payroll-${runId}:payslip:${line.employeeId}`,
            orgId: run.orgId,
            to: email,
            subject: `Your payslip for ${runLabel(run.period, run.sequence)}`,
            // The amounts are in the attachment and behind the sign-in, not in the message's text.
            text: [
              `Hello ${name},`,
              '',
              `Your payslip for ${runLabel(run.period, run.sequence)} is attached. You can also find it here:`,
              `${appUrl}/payslips`,
              '',
            ].join('\n'),
            attachments: [
              {
                filename: `payslip-${runKey(run.period, run.sequence)}.pdf`,
                contentType: 'application/pdf',
                contentBase64: Buffer.from(pdf).toString('base64'),
              },
            ],
          });
        }
        await queueEmails(tx, emails);
        return { issued: fresh.size };
      });
    },
  };
}

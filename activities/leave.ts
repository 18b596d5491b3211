import { ApplicationFailure } from '@temporalio/activity';
import { and, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { leaveLedger, leaveRequests } from '../db/schema/index.ts';
import { halfDaysToDays, spanLabel } from '../domain/leave-days.ts';
import { recordAudit } from '../db/queries/audit-log.ts';
import type { Actor } from '../workflows/human-task/messages.ts';
import { LeaveFailure, type CancelLeaveInput, type LeaveRequestInput } from '../workflows/leave/messages.ts';
import { availableHalfDays } from '../db/queries/leave-balances.ts';
import { recordCaseEvent } from './case-events.ts';
import { queueEmail } from '../mail/outbox.ts';
import { announce } from './platform-events.ts';
import { writeTaskChange, type TaskChange } from './tasks.ts';
import { cancelAbsence, recordAbsence } from '../db/queries/away.ts';

const absenceKey = (input: LeaveRequestInput) => `leave:${input.requestId}`;

export interface LeaveActivityDeps {
  db: Db;
  appUrl: string;
}

const refuse = (message: string, path: string) =>
  ApplicationFailure.create({ type: LeaveFailure.refused, message, nonRetryable: true, details: [[{ path, message }]] });

const describe = (input: LeaveRequestInput) =>
  `${input.leaveType.name}, ${spanLabel(input.span)}, ${halfDaysToDays(input.halfDays)} working day(s)`;

/** The request's audit entry, written in the same transaction as the change it records, once. */
const auditLeave = (
  tx: DbOrTx,
  input: LeaveRequestInput,
  what: 'submitted' | 'approved' | 'rejected' | 'cancelled',
  actor: { userId: string; address?: string | null },
  detail: Record<string, unknown>,
) =>
  recordAudit(tx, {
    orgId: input.orgId,
    kind: `leave.${what}`,
    actorId: actor.userId,
    ipAddress: actor.address ?? null,
    targetType: 'leave_request',
    targetId: input.requestId,
    detail,
    eventKey: `leave-${input.requestId}:${what}`,
  });

// Serialises one employee's requests, so the balance check and the insert see each other.
const lockEmployee = (tx: DbOrTx, employeeId: string) => tx.execute(sql`select pg_advisory_xact_lock(hashtext(${employeeId}))`);

/** Approved leave out of the balance, or back in on cancellation; once per request whatever the retries. */
async function appendRequestEntry(tx: DbOrTx, input: LeaveRequestInput, kind: 'taken' | 'reversal'): Promise<void> {
  await tx
    .insert(leaveLedger)
    .values({
      orgId: input.orgId,
      employeeId: input.employee.id,
      leaveTypeCode: input.leaveType.code,
      year: input.year,
      halfDays: kind === 'taken' ? -input.halfDays : input.halfDays,
      kind,
      requestId: input.requestId,
      entryKey: `${kind}:${input.requestId}`,
    })
    .onConflictDoNothing();
}

export function createLeaveActivities({ db, appUrl }: LeaveActivityDeps) {
  const requestLink = (id: string) => `${appUrl}/leave/${id}`;

  return {
    /**
     * Records the request, and with `approvalOpening` its approval task in the same transaction;
     * refuses (not retried) when a racing request took the days or the balance first.
     */
    async recordLeaveRequest(input: LeaveRequestInput, approvalOpening?: TaskChange): Promise<void> {
      try {
        await db.transaction(async (tx) => {
          await lockEmployee(tx, input.employee.id);
          // Both reads under the lock, sent together.
          const [[existing], available] = await Promise.all([
            tx.select({ id: leaveRequests.id }).from(leaveRequests).where(eq(leaveRequests.id, input.requestId)),
            input.leaveType.hasBalance
              ? availableHalfDays(tx, {
                  orgId: input.orgId,
                  employeeId: input.employee.id,
                  leaveTypeCode: input.leaveType.code,
                  year: input.year,
                })
              : null,
          ]);
          if (existing) return;
          if (available !== null && input.halfDays > available) {
            throw refuse(
              `The request costs ${halfDaysToDays(input.halfDays)} days but only ${halfDaysToDays(available)} are available.`,
              'leaveTypeCode',
            );
          }
          // The row and everything it brings, sent together: should the row be refused (an overlap),
          // the transaction is over and takes the rest with it, and its refusal is the first answer.
          await Promise.all([
            tx.insert(leaveRequests).values({
              id: input.requestId,
              orgId: input.orgId,
              employeeId: input.employee.id,
              leaveTypeCode: input.leaveType.code,
              ...input.span,
              halfDays: input.halfDays,
              reason: input.reason,
              status: 'pending',
              approverId: input.approver.id,
              workflowId: `leave-${input.requestId}`,
            }),
            recordCaseEvent(tx, {
              orgId: input.orgId,
              caseId: input.requestId,
              eventKey: 'submitted',
              kind: 'submitted',
              actorId: input.employee.id,
              note: describe(input),
              // Before the task it opens, whose time the workflow takes before this write runs.
              at: input.submittedAt ? new Date(input.submittedAt) : new Date(),
            }),
            auditLeave(
              tx,
              input,
              'submitted',
              { userId: input.employee.id, address: input.submittedFrom },
              {
                leaveTypeCode: input.leaveType.code,
                startDate: input.span.startDate,
                endDate: input.span.endDate,
                workingDays: halfDaysToDays(input.halfDays),
              },
            ),
            announce(tx, { orgId: input.orgId, userIds: [input.employee.id], topic: 'leave' }),
            approvalOpening && writeTaskChange(tx, approvalOpening, appUrl),
          ]);
        });
      } catch (err) {
        if ((err as { code?: string }).code === '23P01' || (err as { cause?: { code?: string } }).cause?.code === '23P01') {
          throw refuse('The range overlaps leave you already requested or took.', 'startDate');
        }
        throw err;
      }
    },

    /** Records the decision, and with `closing` its approval task's completion in the same transaction. */
    async decideLeave({
      input,
      decision,
      comment,
      actor,
      at,
      closing,
    }: {
      input: LeaveRequestInput;
      decision: 'approved' | 'rejected';
      comment: string | null;
      actor: Actor;
      at: string;
      closing?: TaskChange;
    }): Promise<void> {
      await db.transaction(async (tx) => {
        // Independent of one another (none reads what another writes): sent together, in one round
        // trip on the transaction's connection.
        await Promise.all([
          tx
            .update(leaveRequests)
            .set({ status: decision, decidedBy: actor.userId, decidedAt: new Date(at), decisionComment: comment })
            .where(and(eq(leaveRequests.id, input.requestId), eq(leaveRequests.status, 'pending'))),
          closing && writeTaskChange(tx, closing, appUrl),
          decision === 'approved' && input.leaveType.hasBalance && appendRequestEntry(tx, input, 'taken'),
          recordCaseEvent(tx, {
            orgId: input.orgId,
            caseId: input.requestId,
            eventKey: 'decided',
            kind: decision,
            actorId: actor.userId,
            note: comment,
            // Now, not the decision's instant: it follows the task's own "completed" entry.
            at: new Date(),
          }),
          auditLeave(tx, input, decision, actor, { comment }),
          // Approved leave makes the employee away for those days: tasks offered to them go to a stand-in.
          decision === 'approved' &&
            recordAbsence(tx, {
              orgId: input.orgId,
              userId: input.employee.id,
              startsOn: input.span.startDate,
              endsOn: input.span.endDate,
              note: input.leaveType.name,
              sourceKey: absenceKey(input),
            }),
          announce(tx, { orgId: input.orgId, userIds: [input.employee.id], topic: 'leave' }),
          queueEmail(tx, {
            key: `leave-${input.requestId}:decided`,
            orgId: input.orgId,
            to: input.employee.email,
            subject: `Your leave request was ${decision}`,
            text: [
              `Hello ${input.employee.name},`,
              '',
              `${actor.name} ${decision} your request: ${describe(input)}.`,
              ...(comment ? ['', `Comment: ${comment}`] : []),
              '',
              `Details: ${requestLink(input.requestId)}`,
              '',
            ].join('\n'),
          }),
        ]);
      });
    },

    /** Cancels a pending or approved request; approved leave goes back to the balance as a reversal entry. */
    async cancelLeave({
      input,
      actor,
      reason,
      at,
    }: {
      input: LeaveRequestInput;
      actor: CancelLeaveInput['actor'];
      reason: string | null;
      at: string;
    }): Promise<void> {
      await db.transaction(async (tx) => {
        const [request] = await tx
          .select({ status: leaveRequests.status })
          .from(leaveRequests)
          .where(eq(leaveRequests.id, input.requestId))
          .for('update');
        const wasApproved = request?.status === 'approved';
        const [taken] = await tx
          .select({ id: leaveLedger.id })
          .from(leaveLedger)
          .where(and(eq(leaveLedger.orgId, input.orgId), eq(leaveLedger.entryKey, `taken:${input.requestId}`)));
        if (taken) {
          await appendRequestEntry(tx, input, 'reversal');
        }
        await tx.update(leaveRequests).set({ status: 'cancelled' }).where(eq(leaveRequests.id, input.requestId));
        await cancelAbsence(tx, absenceKey(input));
        await recordCaseEvent(tx, {
          orgId: input.orgId,
          caseId: input.requestId,
          eventKey: 'cancelled',
          kind: 'cancelled',
          actorId: actor.userId,
          note: reason,
          at: new Date(at),
        });
        await auditLeave(tx, input, 'cancelled', actor, { previousStatus: request?.status ?? null, reason });
        await announce(tx, { orgId: input.orgId, userIds: [input.employee.id, input.approver.id], topic: 'leave' });
        await queueEmail(tx, {
          key: `leave-${input.requestId}:cancelled`,
          orgId: input.orgId,
          to: input.approver.email,
          subject: `${input.employee.name} cancelled a leave request`,
          text: `Hello ${input.approver.name},\n\n${input.employee.name} cancelled their ${wasApproved ? 'approved' : 'pending'} request: ${describe(input)}.${reason ? `\n\nReason: ${reason}` : ''}\n`,
        });
      });
    },
  };
}

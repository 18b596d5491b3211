import { upsertSearchAttributes } from '@temporalio/workflow';
import type { createAttendanceActivities } from '../../activities/attendance.ts';
import { addCalendarDays } from '../../domain/calendar.ts';
import { checkOutProblem, isClockTime } from '../../domain/attendance/day.ts';
import { clockTimeIn, instantIn } from '../../domain/attendance/zone.ts';
import { CaseStage, CaseStatus } from '../../temporal/search-attributes.ts';
import { HumanTaskKit } from '../human-task/kit.ts';
import { processOwnersQueue } from '../human-task/process-owners.ts';
import { shortWrites } from '../short-writes.ts';
import { checkOutForm, correctionApprovalForm } from './forms.ts';
import { checkOutPermission, correctionApprovalPermission, type CorrectionInput, type CorrectionOutcome } from './messages.ts';

const attendanceActivity = shortWrites<ReturnType<typeof createAttendanceActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** A time earlier than the check-in is the next morning: a night shift's check-out. */
function checkOutAt(input: CorrectionInput, time: string): Date {
  const sameDay = instantIn(input.day, time, input.timeZone);
  return sameDay.getTime() > Date.parse(input.checkInAt) ? sameDay : instantIn(addCalendarDays(input.day, 1), time, input.timeZone);
}

/**
 * A missed check-out (`attendance-correction-<employee>-<date>`): the employee enters the time,
 * their manager approves it or sends it back; approved, the day's record is completed.
 */
export async function attendanceCorrectionWorkflow(input: CorrectionInput): Promise<CorrectionOutcome> {
  const tasks = new HumanTaskKit({
    orgId: input.orgId,
    caseType: 'attendance',
    caseId: input.correctionId,
    subjectId: input.employee.id,
    processOwners: processOwnersQueue,
  });
  const stage = (status: string) =>
    upsertSearchAttributes([
      { key: CaseStatus, value: status },
      { key: CaseStage, value: status },
    ]);
  const checkIn = clockTimeIn(new Date(input.checkInAt), input.timeZone);
  const fields = { employeeName: input.employee.name, day: input.day };
  let note: string | null = `You checked in at ${checkIn} on ${input.day} and did not check out.`;
  for (;;) {
    stage('awaiting_employee');
    const entry = await tasks.run({
      step: 'check-out',
      kind: 'attendance-check-out',
      title: `Missed check-out on ${input.day}`,
      form: checkOutForm,
      permission: checkOutPermission,
      assignee: input.employee,
      note,
      fields,
    });
    if (entry.status !== 'completed') return 'withdrawn';
    const time = String(entry.completion.values.checkOutTime ?? '').trim();
    const proposed = isClockTime(time) ? checkOutAt(input, time) : null;
    if (!proposed || checkOutProblem(new Date(input.checkInAt), proposed)) {
      note = `"${time}" is not a check-out time after ${checkIn} (HH:MM, within a day of the check-in).`;
      continue;
    }
    await attendanceActivity('recordProposedCheckOut', 'Record the proposed check-out', [input, proposed.toISOString()]);
    stage('awaiting_manager');
    const approval = await tasks.run({
      step: 'approval',
      kind: 'attendance-approval',
      title: `Attendance correction: ${input.employee.name}, ${input.day}, check-out ${time}`,
      form: correctionApprovalForm,
      permission: correctionApprovalPermission,
      ...(input.approver ? { assignee: input.approver } : {}),
      excludedIds: [input.employee.id],
      fields,
    });
    if (approval.status !== 'completed') return 'withdrawn';
    if (approval.completion.values.decision === 'approve') {
      await attendanceActivity('completeCorrection', 'Complete the day’s record', [
        input,
        { checkOutAt: proposed.toISOString(), decidedBy: approval.completion.actor.userId, decidedAt: approval.completion.completedAt },
      ]);
      stage('corrected');
      return 'corrected';
    }
    note = `Sent back by ${approval.completion.actor.name}: ${String(approval.completion.values.comment ?? '')}`;
  }
}

import { z } from 'zod';
import { isCalendarDate } from '../../domain/calendar.ts';

const calendarDate = z.string().refine(isCalendarDate, 'must be a date as YYYY-MM-DD');

export const maxReasonLength = 1000;

export const leaveFormSchema = z.strictObject({
  requestId: z.uuid().optional(),
  leaveTypeCode: z.string().trim().min(1, 'choose a leave type').max(50),
  startDate: calendarDate,
  endDate: calendarDate,
  startHalfDay: z.boolean().default(false),
  endHalfDay: z.boolean().default(false),
  reason: z.string().trim().min(1, 'give a reason').max(maxReasonLength, `at most ${maxReasonLength} characters`),
});

export type LeaveForm = z.infer<typeof leaveFormSchema>;

/** The preview shows days and balance while the form is being filled in: no reason needed yet. */
export const leavePreviewSchema = leaveFormSchema.extend({ reason: z.string().trim().max(maxReasonLength).default('') });

export const cancelLeaveSchema = z.strictObject({ reason: z.string().trim().max(maxReasonLength).optional() });

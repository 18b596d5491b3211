import type { LeaveForm } from './api-types';

/** The API's leave form from the request-leave form's fields (a checkbox is sent only when ticked). */
export function leaveFormFrom(formData: FormData): LeaveForm {
  const text = (name: string) => {
    const value = formData.get(name);
    return typeof value === 'string' ? value.trim() : '';
  };
  const requestId = text('requestId');
  return {
    ...(requestId ? { requestId } : {}),
    leaveTypeCode: text('leaveTypeCode'),
    startDate: text('startDate'),
    endDate: text('endDate'),
    startHalfDay: formData.has('startHalfDay'),
    endHalfDay: formData.has('endHalfDay'),
    reason: text('reason'),
  };
}

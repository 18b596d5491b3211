const MAX_LENGTH = 140;

/** An entry's detail on one line: `{ reason: "x", days: 2 }` → "reason: x · days: 2", shortened. */
export function summariseDetail(detail: unknown): string {
  if (detail === null || detail === undefined) return '';
  const text =
    typeof detail === 'object' && !Array.isArray(detail)
      ? Object.entries(detail)
          .filter(([, value]) => value !== null && value !== undefined && value !== '')
          .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
          .join(' · ')
      : typeof detail === 'string'
        ? detail
        : JSON.stringify(detail);
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text;
}

/** The kinds the API writes, offered as suggestions; the field takes any other kind too. */
export const KNOWN_KINDS = [
  'sign_in.succeeded',
  'sign_in.password_accepted',
  'sign_in.failed',
  'sign_in.locked',
  'sign_in.two_factor_failed',
  'sign_out',
  'sign_out.everywhere',
  'session.ended',
  'password.changed',
  'password.reset_requested',
  'password.reset',
  'two_factor.enabled',
  'two_factor.disabled',
  'two_factor.recovery_codes_renewed',
  'two_factor.recovery_code_used',
  'user.invited',
  'user.invitation_accepted',
  'user.updated',
  'user.deactivated',
  'user.reactivated',
  'department.created',
  'department.updated',
  'role.created',
  'role.updated',
  'access.denied',
  'leave.submitted',
  'leave.approved',
  'leave.rejected',
  'leave.cancelled',
  'leave_type.created',
  'leave_type.updated',
  'organization.holiday_region_changed',
  'holidays.filled',
  'holiday.added',
  'holiday.renamed',
  'holiday.removed',
  'leave.allocated',
  'leave.allocation_adjusted',
  'task.completed',
  'task.reassigned',
];

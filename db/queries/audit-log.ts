import type { DbOrTx } from '../client.ts';
import { auditLog } from '../schema/index.ts';

/** The platform's own kinds; each case type declares its own (`leave.submitted`) in its registration. */
export const platformAuditKinds = [
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
  'organization.holiday_region_changed',
  'holidays.filled',
  'holiday.added',
  'holiday.renamed',
  'holiday.removed',
  'task.opened',
  'task.claimed',
  'task.released',
  'task.delegated',
  'task.resolved',
  'task.reassigned',
  'task.due_moved',
  'task.reminded',
  'task.escalated',
  'task.completed',
  'task.cancelled',
  'away.delegate_set',
  'away.absence_set',
  'away.absence_ended',
  'preferences.email_mode_set',
  'payloads.decoded',
  'payloads.encoded',
] as const;

export type PlatformAuditKind = (typeof platformAuditKinds)[number];

/** A case type's kinds are `<case type>.<what happened>`. */
export type AuditKind = PlatformAuditKind | `${string}.${string}`;

export interface AuditEvent {
  orgId: string | null;
  kind: AuditKind;
  actorId?: string | null;
  actorEmail?: string | null;
  ipAddress?: string | null;
  targetType?: string;
  targetId?: string;
  /** What changed; never a password, token or secret. */
  detail?: Record<string, unknown>;
  /** For writers that may run twice (a workflow's activity): the entry is recorded once. */
  eventKey?: string;
}

/** Appends to the audit trail; the table refuses changes and deletions (see its migration). */
export async function recordAudit(db: DbOrTx, event: AuditEvent): Promise<void> {
  await db
    .insert(auditLog)
    .values({
      orgId: event.orgId,
      kind: event.kind,
      actorId: event.actorId ?? null,
      actorEmail: event.actorEmail ?? null,
      ipAddress: event.ipAddress ?? null,
      targetType: event.targetType ?? null,
      targetId: event.targetId ?? null,
      detail: event.detail ?? null,
      eventKey: event.eventKey ?? null,
    })
    .onConflictDoNothing();
}

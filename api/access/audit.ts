// The audit trail's writer lives with the queries, so workflow activities record entries too.
export { recordAudit, type AuditEvent, type AuditKind, type PlatformAuditKind } from '../../db/queries/audit-log.ts';

import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import { Hono } from 'hono';
import type { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { auditLog, organizations, users } from '../../db/schema/index.ts';
import { addCalendarDays, startOfDayIn } from '../../domain/calendar.ts';
import { platformAuditKinds } from '../../db/queries/audit-log.ts';
import { caseAuditKinds } from '../cases/registry.ts';
import type { AppEnv } from '../context.ts';
import { csvDocument } from '../csv.ts';
import { validate } from '../validation.ts';
import { auditQuery } from './schemas.ts';

type AuditFilter = z.infer<typeof auditQuery>;

async function findEntries(db: DbOrTx, orgId: string, filter: AuditFilter, limit: number) {
  const [organization] = await db.select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, orgId));
  const zone = organization?.timeZone ?? 'UTC';
  // Days are the organisation's days: "to 3 March" includes all of 3 March where it is.
  const conditions: (SQL | undefined)[] = [
    eq(auditLog.orgId, orgId),
    filter.userId ? eq(auditLog.actorId, filter.userId) : undefined,
    filter.kind ? eq(auditLog.kind, filter.kind) : undefined,
    filter.from ? gte(auditLog.at, startOfDayIn(filter.from, zone)) : undefined,
    filter.to ? lt(auditLog.at, startOfDayIn(addCalendarDays(filter.to, 1), zone)) : undefined,
    filter.before ? lt(auditLog.id, filter.before) : undefined,
  ];
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      kind: auditLog.kind,
      actorId: auditLog.actorId,
      actorName: users.name,
      actorEmail: auditLog.actorEmail,
      ipAddress: auditLog.ipAddress,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      detail: auditLog.detail,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(limit);
}

const csvColumns = ['id', 'at', 'kind', 'actorName', 'actorEmail', 'ipAddress', 'targetType', 'targetId', 'detail'] as const;
const maxCsvRows = 50_000;

export const adminAuditRoutes = new Hono<AppEnv>()
  .get('/audit', validate('query', auditQuery), async (c) => {
    const filter = c.req.valid('query');
    const entries = await findEntries(c.var.deps.db, c.var.user.orgId, filter, filter.limit);
    return c.json({
      entries,
      nextBefore: entries.length === filter.limit ? entries.at(-1)!.id : null,
      // What the kind filter offers: the platform's kinds and every registered process's.
      kinds: [...platformAuditKinds, ...caseAuditKinds()],
    });
  })
  .get('/audit.csv', validate('query', auditQuery), async (c) => {
    const entries = await findEntries(c.var.deps.db, c.var.user.orgId, c.req.valid('query'), maxCsvRows);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.csv"`);
    return c.body(csvDocument(csvColumns, entries));
  });

import { queueEmail } from '../../mail/outbox.ts';
import { and, asc, desc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { Hono, type Context } from 'hono';
import { departments, invitations, users, type User } from '../../db/schema/index.ts';
import { handOverTasksOf } from '../tasks/hand-over.ts';
import { usersInScope } from '../../db/queries/scope.ts';
import { invalidateUserSessions } from '../auth/sessions.ts';
import { generateToken, hashToken } from '../auth/tokens.ts';
import type { AppEnv } from '../context.ts';
import { deniedRecord } from '../access/denied.ts';
import { HttpError } from '../errors.ts';
import { validate } from '../validation.ts';
import { assertAssignableRoles, assertDepartmentInOrg, assertValidManager } from './guards.ts';
import { invitationSchema, userChangeSchema, userIdParam } from './schemas.ts';

const invitationLifetimeMs = 72 * 3_600_000;
const manager = alias(users, 'manager');

const userColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  roles: users.roles,
  designation: users.designation,
  departmentId: users.departmentId,
  departmentName: departments.name,
  managerId: users.managerId,
  managerName: manager.name,
  active: users.active,
  totpSecret: users.totpSecret,
  createdAt: users.createdAt,
};

function selectUsers(db: AppEnv['Variables']['deps']['db']) {
  return db
    .select(userColumns)
    .from(users)
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .leftJoin(manager, eq(manager.id, users.managerId));
}

const present = ({ totpSecret, ...row }: Awaited<ReturnType<ReturnType<typeof selectUsers>['execute']>>[number]) => ({
  ...row,
  twoFactorEnabled: totpSecret !== null,
});

// The fields an audit entry shows changed; never a hash or a secret.
const auditable = (u: User) => ({
  name: u.name,
  roles: u.roles,
  departmentId: u.departmentId,
  designation: u.designation,
  managerId: u.managerId,
  active: u.active,
});

export const adminUserRoutes = new Hono<AppEnv>()
  .get('/users', async (c) => {
    const rows = await selectUsers(c.var.deps.db).where(usersInScope(c.var.user, 'users:view')).orderBy(asc(users.name));
    return c.json({ users: rows.map(present) });
  })
  .get('/users/:id', validate('param', userIdParam), async (c) => {
    const { id } = c.req.valid('param');
    const [row] = await selectUsers(c.var.deps.db).where(and(usersInScope(c.var.user, 'users:view'), eq(users.id, id)));
    if (!row) throw await deniedRecord(c, 'user', id);
    return c.json({ user: present(row) });
  })
  .patch('/users/:id', validate('param', userIdParam), validate('json', userChangeSchema), async (c) => {
    const { db } = c.var.deps;
    const { id } = c.req.valid('param');
    const change = c.req.valid('json');
    const [before] = await db
      .select()
      .from(users)
      .where(and(eq(users.id, id), eq(users.orgId, c.var.user.orgId)));
    if (!before) throw await deniedRecord(c, 'user', id);
    if (change.roles) await assertAssignableRoles(db, c.var.user, change.roles);
    // Taking roles away is also a grant decision: only someone who holds what the person holds may change them.
    if (change.roles) await assertAssignableRoles(db, c.var.user, before.roles);
    await assertDepartmentInOrg(db, c.var.user.orgId, change.departmentId);
    await assertValidManager(db, c.var.user.orgId, id, change.managerId);
    const [after] = await db.update(users).set(change).where(eq(users.id, id)).returning();
    await c.var.audit({
      kind: 'user.updated',
      targetType: 'user',
      targetId: id,
      detail: { before: auditable(before), after: auditable(after!) },
    });
    const [row] = await selectUsers(db).where(eq(users.id, id));
    return c.json({ user: present(row!) });
  })
  .post('/users/:id/deactivate', validate('param', userIdParam), (c) => setActive(c, c.req.valid('param').id, false))
  .post('/users/:id/reactivate', validate('param', userIdParam), (c) => setActive(c, c.req.valid('param').id, true))
  .get('/invitations', async (c) => {
    const rows = await c.var.deps.db
      .select({
        id: invitations.id,
        email: invitations.email,
        name: invitations.name,
        roles: invitations.roles,
        expiresAt: invitations.expiresAt,
        acceptedAt: invitations.acceptedAt,
      })
      .from(invitations)
      .where(eq(invitations.orgId, c.var.user.orgId))
      .orderBy(desc(invitations.createdAt))
      .limit(200);
    return c.json({ invitations: rows });
  })
  .post('/invitations', validate('json', invitationSchema), async (c) => {
    const { db, config } = c.var.deps;
    const input = c.req.valid('json');
    const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, input.email));
    if (existing)
      throw new HttpError(409, 'email_taken', 'Someone already has an account with this e-mail address.', [
        { path: 'email', message: 'already has an account' },
      ]);
    await assertAssignableRoles(db, c.var.user, input.roles);
    await assertDepartmentInOrg(db, c.var.user.orgId, input.departmentId);
    await assertValidManager(db, c.var.user.orgId, null, input.managerId);
    const token = generateToken();
    // The invitation and its e-mail together: a failed insert sends nothing.
    const invitation = await db.transaction(async (tx) => {
      const [created] = await tx
        .insert(invitations)
        .values({
          orgId: c.var.user.orgId,
          email: input.email,
          name: input.name,
          roles: input.roles,
          departmentId: input.departmentId ?? null,
          designation: input.designation ?? null,
          managerId: input.managerId ?? null,
          tokenHash: hashToken(token),
          expiresAt: new Date(Date.now() + invitationLifetimeMs),
          invitedBy: c.var.user.id,
        })
        .returning();
      await queueEmail(tx, {
        key: `invitation:${created!.id}`,
        orgId: c.var.user.orgId,
        to: input.email,
        subject: `${c.var.user.name} invited you to Staged Processes`,
        text: `Hello ${input.name},\n\n${c.var.user.name} invited you to join. Choose your password here (the link works for 72 hours, once):\n\n${config.appUrl}/invitation/${token}\n`,
      });
      return created;
    });
    await c.var.audit({
      kind: 'user.invited',
      targetType: 'invitation',
      targetId: invitation!.id,
      detail: { email: input.email, roles: input.roles },
    });
    return c.json({ invitation: { id: invitation!.id, email: invitation!.email, expiresAt: invitation!.expiresAt } }, 201);
  });

async function setActive(c: Context<AppEnv>, id: string, active: boolean) {
  const { db } = c.var.deps;
  if (id === c.var.user.id) throw new HttpError(409, 'own_account', 'You cannot deactivate or reactivate yourself.');
  const [target] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, id), eq(users.orgId, c.var.user.orgId)));
  if (!target) throw await deniedRecord(c, 'user', id);
  await assertAssignableRoles(db, c.var.user, target.roles);
  await db.update(users).set({ active }).where(eq(users.id, id));
  // Deactivation ends their sessions at once, not at the next expiry.
  if (!active) await invalidateUserSessions(db, id);
  // Their open tasks must not wait for someone who is gone.
  const handedOver = active ? 0 : await handOverTasksOf(db, c.var.deps.temporal, c.var.user.orgId, id);
  await c.var.audit({
    kind: active ? 'user.reactivated' : 'user.deactivated',
    targetType: 'user',
    targetId: id,
    ...(active ? {} : { detail: { processesWithTasksMoved: handedOver } }),
  });
  const [row] = await selectUsers(db).where(eq(users.id, id));
  return c.json({ user: present(row!) });
}

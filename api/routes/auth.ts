import { and, eq, gt, isNull } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { invitations, organizations, passwordResets, users } from '../../db/schema/index.ts';
import type { AppEnv } from '../context.ts';
import { clearSessionCookie, renewSessionCookie, setSessionCookie } from '../auth/cookie.ts';
import { decoyPasswordHash, hashPassword, newPasswordSchema, verifyPassword } from '../auth/passwords.ts';
import { sendPasswordResetLink } from '../auth/password-reset.ts';
import { verifySecondFactor, loadUser } from '../auth/second-factor.ts';
import { createSession, invalidateSession, invalidateUserSessions } from '../auth/sessions.ts';
import { clearSignInFailures, lockedUntil, recordSignInFailure } from '../auth/throttle.ts';
import { generateToken, hashToken } from '../auth/tokens.ts';
import { twoFactorOptional } from '../../domain/access/roles.ts';
import { describeFailure, HttpError } from '../errors.ts';
import { validate } from '../validation.ts';

const email = z.string().trim().toLowerCase().email().max(254);
const signInSchema = z.strictObject({ email, password: z.string().min(1).max(256) });
const codeSchema = z.strictObject({ code: z.string().trim().min(6).max(20) });
const resetRequestSchema = z.strictObject({ email });
const resetSchema = z.strictObject({ token: z.string().min(10).max(100), newPassword: newPasswordSchema });
const acceptSchema = z.strictObject({ token: z.string().min(10).max(100), password: newPasswordSchema });
const tokenParam = z.object({ token: z.string().min(10).max(100) });

function tooManyAttempts(c: { header(name: string, value: string): void }, until: Date, now: Date): HttpError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  c.header('Retry-After', String(seconds));
  return new HttpError(429, 'too_many_attempts', `Too many failed sign-ins. Try again in ${Math.ceil(seconds / 60)} minutes.`);
}

/** What the sign-in form leads to once the password is accepted. */
export type SignInNext = 'done' | 'totp' | 'enroll-totp';

export const authRoutes = new Hono<AppEnv>()
  .post('/sign-in', validate('json', signInSchema), async (c) => {
    const { db, config } = c.var.deps;
    const { email, password } = c.req.valid('json');
    const now = new Date();
    const locked = await lockedUntil(db, email, now);
    if (locked) {
      await c.var.audit({ kind: 'sign_in.locked', actorEmail: email });
      throw tooManyAttempts(c, locked, now);
    }
    const [user] = await db.select().from(users).where(eq(users.email, email));
    // Same work and the same answer whether or not the e-mail exists.
    const passwordOk = await verifyPassword(user?.passwordHash || (await decoyPasswordHash()), password);
    if (!user || !passwordOk || !user.active) {
      const lock = await recordSignInFailure(db, email, config.signInLock, now);
      const reason = !user ? 'unknown e-mail' : !passwordOk ? 'wrong password' : 'deactivated';
      await c.var.audit({
        kind: 'sign_in.failed',
        orgId: user?.orgId ?? null,
        actorId: user?.id ?? null,
        actorEmail: email,
        detail: { reason },
      });
      if (lock) throw tooManyAttempts(c, lock, now);
      throw new HttpError(401, 'invalid_credentials', 'Invalid email or password.');
    }
    await clearSignInFailures(db, email);
    const next: SignInNext = user.totpSecret ? 'totp' : twoFactorOptional(user.roles) ? 'done' : 'enroll-totp';
    const token = generateToken();
    await createSession(db, token, user, {
      ...config.sessions,
      twoFactorVerified: next === 'done',
      ipAddress: c.var.clientAddress,
      userAgent: c.req.header('user-agent') ?? null,
    });
    await c.var.audit({
      kind: next === 'done' ? 'sign_in.succeeded' : 'sign_in.password_accepted',
      orgId: user.orgId,
      actorId: user.id,
      actorEmail: user.email,
      detail: { next },
    });
    setSessionCookie(c, token);
    return c.json({ user: { id: user.id, orgId: user.orgId, email: user.email, name: user.name, roles: user.roles }, next });
  })
  .post('/sign-in/totp', validate('json', codeSchema), async (c) => {
    const { db, config } = c.var.deps;
    const user = await loadUser(db, c.var.user.id);
    const now = new Date();
    const locked = await lockedUntil(db, user.email, now);
    if (locked) throw tooManyAttempts(c, locked, now);
    const used = await verifySecondFactor(db, c.var.secretBox, user, c.req.valid('json').code);
    if (!used) {
      // Guessing codes counts against the same lock as guessing passwords.
      const lock = await recordSignInFailure(db, user.email, config.signInLock, now);
      await c.var.audit({ kind: 'sign_in.two_factor_failed' });
      if (lock) {
        await invalidateSession(db, c.var.session.id);
        throw tooManyAttempts(c, lock, now);
      }
      throw new HttpError(401, 'invalid_code', 'Invalid code.');
    }
    await clearSignInFailures(db, user.email);
    await renewSessionCookie(c);
    if (used === 'recovery-code')
      await c.var.audit({ kind: 'two_factor.recovery_code_used', detail: { remaining: user.recoveryCodeHashes.length - 1 } });
    await c.var.audit({ kind: 'sign_in.succeeded', detail: { secondFactor: used } });
    return c.json({ next: 'done' });
  })
  .post('/sign-out', async (c) => {
    await invalidateSession(c.var.deps.db, c.var.session.id);
    await c.var.audit({ kind: 'sign_out' });
    clearSessionCookie(c);
    return c.body(null, 204);
  })
  .post('/sign-out-everywhere', async (c) => {
    await invalidateUserSessions(c.var.deps.db, c.var.user.id);
    await c.var.audit({ kind: 'sign_out.everywhere' });
    clearSessionCookie(c);
    return c.body(null, 204);
  })
  .post('/password-reset', validate('json', resetRequestSchema), (c) => {
    const { email } = c.req.valid('json');
    // The answer comes before anything that depends on the account (the lookup, the link, the e-mail):
    // how long it takes says nothing about whether the address has one. The same answer either way.
    sendPasswordResetLink(c.var.deps, email, c.var.audit).catch((err: unknown) =>
      console.error(`api: a password reset link could not be sent: ${describeFailure(err)}`),
    );
    return c.json({ ok: true }, 202);
  })
  .post('/password-reset/complete', validate('json', resetSchema), async (c) => {
    const { db } = c.var.deps;
    const { token, newPassword } = c.req.valid('json');
    const passwordHash = await hashPassword(newPassword);
    const user = await db.transaction(async (tx) => {
      const [reset] = await tx
        .update(passwordResets)
        .set({ usedAt: new Date() })
        .where(and(eq(passwordResets.tokenHash, hashToken(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, new Date())))
        .returning();
      if (!reset) return null;
      const [updated] = await tx.update(users).set({ passwordHash }).where(eq(users.id, reset.userId)).returning();
      await invalidateUserSessions(tx, reset.userId);
      return updated ?? null;
    });
    if (!user) throw new HttpError(400, 'invalid_token', 'This link is not valid any more. Ask for a new one.');
    await clearSignInFailures(db, user.email);
    await c.var.audit({ kind: 'password.reset', orgId: user.orgId, actorId: user.id, actorEmail: user.email });
    return c.body(null, 204);
  })
  .get('/invitations/:token', validate('param', tokenParam), async (c) => {
    const invitation = await openInvitation(c.var.deps.db, c.req.valid('param').token);
    if (!invitation) throw new HttpError(404, 'not_found', 'This invitation is not valid any more.');
    return c.json({ email: invitation.email, name: invitation.name, organizationName: invitation.organizationName });
  })
  .post('/invitations/accept', validate('json', acceptSchema), async (c) => {
    const { db } = c.var.deps;
    const { token, password } = c.req.valid('json');
    const passwordHash = await hashPassword(password);
    const user = await db.transaction(async (tx) => {
      const [invitation] = await tx
        .update(invitations)
        .set({ acceptedAt: new Date() })
        .where(and(eq(invitations.tokenHash, hashToken(token)), isNull(invitations.acceptedAt), gt(invitations.expiresAt, new Date())))
        .returning();
      if (!invitation) return null;
      const [created] = await tx
        .insert(users)
        .values({
          orgId: invitation.orgId,
          email: invitation.email,
          name: invitation.name,
          passwordHash,
          roles: invitation.roles,
          departmentId: invitation.departmentId,
          designation: invitation.designation,
          managerId: invitation.managerId,
        })
        .onConflictDoNothing()
        .returning();
      // Throwing rolls the acceptance back: the invitation stays open for the administrator to see.
      if (!created) throw new HttpError(409, 'email_taken', 'An account with this e-mail address already exists.');
      return created;
    });
    if (!user) throw new HttpError(400, 'invalid_token', 'This invitation is not valid any more.');
    await c.var.audit({
      kind: 'user.invitation_accepted',
      orgId: user.orgId,
      actorId: user.id,
      actorEmail: user.email,
      targetType: 'user',
      targetId: user.id,
    });
    return c.json({ user: { id: user.id, email: user.email, name: user.name } }, 201);
  });

async function openInvitation(db: AppEnv['Variables']['deps']['db'], token: string) {
  const [row] = await db
    .select({ email: invitations.email, name: invitations.name, organizationName: organizations.name })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .where(and(eq(invitations.tokenHash, hashToken(token)), isNull(invitations.acceptedAt), gt(invitations.expiresAt, new Date())));
  return row;
}

import { and, desc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { sessions, users } from '../../db/schema/index.ts';
import type { AppEnv } from '../context.ts';
import { clearSessionCookie, renewSessionCookie } from '../auth/cookie.ts';
import { hashPassword, newPasswordSchema, verifyPassword } from '../auth/passwords.ts';
import { loadUser } from '../auth/second-factor.ts';
import { invalidateSession, invalidateUserSessions } from '../auth/sessions.ts';
import { acceptedTotpStep, hashRecoveryCode, newRecoveryCodes, newTotpKey, totpEnrolment } from '../auth/totp.ts';
import { HttpError } from '../errors.ts';
import { validate } from '../validation.ts';

const sessionParam = z.object({ id: z.string().regex(/^[0-9a-f]{64}$/, 'must be a session id') });
const passwordChangeSchema = z.strictObject({ currentPassword: z.string().min(1).max(256), newPassword: newPasswordSchema });
const passwordSchema = z.strictObject({ password: z.string().min(1).max(256) });
const codeSchema = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'must be the 6-digit code from your app'),
});

const issuer = 'Staged Processes';

async function confirmPassword(db: AppEnv['Variables']['deps']['db'], userId: string, password: string): Promise<void> {
  const user = await loadUser(db, userId);
  if (!(await verifyPassword(user.passwordHash, password))) throw new HttpError(403, 'wrong_password', 'The password is not right.');
}

export const accountRoutes = new Hono<AppEnv>()
  .get('/sessions', async (c) => {
    const rows = await c.var.deps.db.select().from(sessions).where(eq(sessions.userId, c.var.user.id)).orderBy(desc(sessions.lastSeenAt));
    return c.json({
      sessions: rows.map((s) => ({
        id: s.id,
        current: s.id === c.var.session.id,
        createdAt: s.createdAt,
        lastSeenAt: s.lastSeenAt,
        expiresAt: s.expiresAt,
        ipAddress: s.ipAddress,
        userAgent: s.userAgent,
      })),
    });
  })
  .delete('/sessions/:id', validate('param', sessionParam), async (c) => {
    const { id } = c.req.valid('param');
    const [own] = await c.var.deps.db
      .select({ id: sessions.id })
      .from(sessions)
      .where(and(eq(sessions.id, id), eq(sessions.userId, c.var.user.id)));
    if (!own) throw new HttpError(404, 'not_found', 'Session was not found.');
    await invalidateSession(c.var.deps.db, id);
    await c.var.audit({ kind: 'session.ended', targetType: 'session', targetId: id.slice(0, 12) });
    if (id === c.var.session.id) clearSessionCookie(c);
    return c.body(null, 204);
  })
  .post('/password', validate('json', passwordChangeSchema), async (c) => {
    const { db } = c.var.deps;
    const { currentPassword, newPassword } = c.req.valid('json');
    await confirmPassword(db, c.var.user.id, currentPassword);
    await db
      .update(users)
      .set({ passwordHash: await hashPassword(newPassword) })
      .where(eq(users.id, c.var.user.id));
    // Whoever knew the old password is signed out everywhere else.
    await invalidateUserSessions(db, c.var.user.id, c.var.session.id);
    await c.var.audit({ kind: 'password.changed' });
    return c.body(null, 204);
  })
  .post('/totp/setup', async (c) => {
    const key = newTotpKey();
    await c.var.deps.db
      .update(users)
      .set({ totpPendingSecret: c.var.secretBox.seal(key) })
      .where(eq(users.id, c.var.user.id));
    return c.json(totpEnrolment(key, issuer, c.var.user.email));
  })
  .post('/totp/enable', validate('json', codeSchema), async (c) => {
    const { db } = c.var.deps;
    const user = await loadUser(db, c.var.user.id);
    if (!user.totpPendingSecret) throw new HttpError(409, 'no_enrolment', 'Start the set-up first.');
    const step = acceptedTotpStep(c.var.secretBox.open(user.totpPendingSecret), c.req.valid('json').code, null);
    if (step === null)
      throw new HttpError(422, 'invalid_code', 'That code does not match. Check the time on your phone and try the next code.');
    const recoveryCodes = newRecoveryCodes();
    await db
      .update(users)
      .set({
        totpSecret: user.totpPendingSecret,
        totpPendingSecret: null,
        totpLastStep: step,
        recoveryCodeHashes: recoveryCodes.map(hashRecoveryCode),
      })
      .where(eq(users.id, user.id));
    const session = await renewSessionCookie(c);
    // Other sessions were signed in without this factor.
    await invalidateUserSessions(db, user.id, session.id);
    await c.var.audit({ kind: 'two_factor.enabled' });
    if (c.var.twoFactorStage === 'enroll') await c.var.audit({ kind: 'sign_in.succeeded', detail: { secondFactor: 'enrolled' } });
    return c.json({ recoveryCodes });
  })
  .post('/totp/disable', validate('json', passwordSchema), async (c) => {
    const { db } = c.var.deps;
    if (c.var.user.twoFactorRequired) throw new HttpError(403, 'two_factor_required', 'Two-factor sign-in is required for your role.');
    await confirmPassword(db, c.var.user.id, c.req.valid('json').password);
    await db
      .update(users)
      .set({ totpSecret: null, totpPendingSecret: null, totpLastStep: null, recoveryCodeHashes: [] })
      .where(eq(users.id, c.var.user.id));
    await c.var.audit({ kind: 'two_factor.disabled' });
    return c.body(null, 204);
  })
  .post('/recovery-codes', validate('json', passwordSchema), async (c) => {
    const { db } = c.var.deps;
    await confirmPassword(db, c.var.user.id, c.req.valid('json').password);
    if (!c.var.user.twoFactorEnabled) throw new HttpError(409, 'no_two_factor', 'Two-factor sign-in is not on.');
    const recoveryCodes = newRecoveryCodes();
    await db
      .update(users)
      .set({ recoveryCodeHashes: recoveryCodes.map(hashRecoveryCode) })
      .where(eq(users.id, c.var.user.id));
    await c.var.audit({ kind: 'two_factor.recovery_codes_renewed' });
    return c.json({ recoveryCodes });
  });

import { and, eq } from 'drizzle-orm';
import { passwordResets, users } from '../../db/schema/index.ts';
import { queueEmail } from '../../mail/outbox.ts';
import type { ApiDeps, AppEnv } from '../context.ts';
import { generateToken, hashToken } from './tokens.ts';

const resetLinkLifetimeMs = 60 * 60_000;

/**
 * For an active account with this address: a one-hour, one-use reset link, e-mailed and audited.
 * Nothing happens for any other address, and the caller must not say which it was.
 */
export async function sendPasswordResetLink(
  { db, config }: Pick<ApiDeps, 'db' | 'config'>,
  email: string,
  audit: AppEnv['Variables']['audit'],
): Promise<void> {
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.email, email), eq(users.active, true)));
  if (!user) return;
  const token = generateToken();
  await db.transaction(async (tx) => {
    await tx
      .insert(passwordResets)
      .values({ tokenHash: hashToken(token), orgId: user.orgId, userId: user.id, expiresAt: new Date(Date.now() + resetLinkLifetimeMs) });
    await queueEmail(tx, {
      key: `password-reset:${hashToken(token)}`,
      orgId: user.orgId,
      to: user.email,
      subject: 'Reset your password',
      text: `Hello ${user.name},\n\nSomeone (we hope you) asked to reset your password. The link works for one hour, once:\n\n${config.appUrl}/reset-password/${token}\n\nIf it was not you, ignore this e-mail; your password stays as it is.\n`,
    });
  });
  await audit({ kind: 'password.reset_requested', orgId: user.orgId, actorId: user.id, actorEmail: user.email });
}

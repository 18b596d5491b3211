import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { users, type User } from '../../db/schema/index.ts';
import type { SecretBox } from './secret-box.ts';
import { acceptedTotpStep, hashRecoveryCode } from './totp.ts';

/**
 * Checks a sign-in's second factor: a TOTP code (each accepted once), or a recovery code (each
 * usable once, then gone). The update is conditional, so two racing uses of one code cannot both pass.
 */
export async function verifySecondFactor(db: DbOrTx, box: SecretBox, user: User, code: string): Promise<'totp' | 'recovery-code' | null> {
  const trimmed = code.trim();
  if (user.totpSecret && /^\d{6}$/.test(trimmed)) {
    const step = acceptedTotpStep(box.open(user.totpSecret), trimmed, user.totpLastStep);
    if (step === null) return null;
    const claimed = await db
      .update(users)
      .set({ totpLastStep: step })
      .where(sql`${users.id} = ${user.id} and (${users.totpLastStep} is null or ${users.totpLastStep} < ${step})`)
      .returning({ id: users.id });
    return claimed.length > 0 ? 'totp' : null;
  }
  const codeHash = hashRecoveryCode(trimmed);
  if (!user.recoveryCodeHashes.includes(codeHash)) return null;
  const claimed = await db
    .update(users)
    .set({ recoveryCodeHashes: sql`array_remove(${users.recoveryCodeHashes}, ${codeHash})` })
    .where(sql`${users.id} = ${user.id} and ${codeHash} = any(${users.recoveryCodeHashes})`)
    .returning({ id: users.id });
  return claimed.length > 0 ? 'recovery-code' : null;
}

export async function loadUser(db: DbOrTx, id: string): Promise<User> {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  if (!user) throw new Error(`User ${id} is missing`);
  return user;
}

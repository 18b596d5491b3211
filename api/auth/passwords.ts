import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';

// Argon2id, memory-hard, with OWASP's minimum profile (19 MiB, 2 passes).
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const newPasswordSchema = z.string().min(10, 'at least 10 characters').max(256, 'at most 256 characters');

export const hashPassword = (password: string): Promise<string> => hash(password, options);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verified against when the e-mail is unknown, so the answer takes as long either way.
let decoyHash: Promise<string> | undefined;
export const decoyPasswordHash = (): Promise<string> => (decoyHash ??= hashPassword('decoy-password-never-matches'));

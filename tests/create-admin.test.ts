import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { createDb } from '../db/client.ts';
import { runCreateAdmin } from './create-admin-command.ts';

describe('npm run create-admin', () => {
  it('creates the first administrator of a new organisation, as super admin with a hashed password', async () => {
    const email = `first-admin-${randomUUID().slice(0, 8)}@example.test`;
    const stdout = await runCreateAdmin({
      org: `Fresh ${email}`,
      timeZone: 'Asia/Kolkata',
      email,
      name: 'First Admin',
      password: 'first-admin-password',
    });
    expect(stdout).toContain(`Created ${email}`);
    expect(stdout).not.toContain('first-admin-password');
    const database = createDb(inject('databaseUrl'), { max: 1 });
    try {
      const [row] =
        await database.sql`select u.roles, u.password_hash, o.time_zone from users u join organizations o on o.id = u.org_id where u.email = ${email}`;
      expect(row!.roles).toEqual(['super_admin', 'admin']);
      expect(row!.password_hash).toMatch(/^\$argon2id\$/);
      expect(row!.time_zone).toBe('Asia/Kolkata');
    } finally {
      await database.close();
    }
  });
});

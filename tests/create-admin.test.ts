import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { createDb } from '../db/client.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('npm run create-admin', () => {
  it('creates the first administrator of a new organisation, as super admin with a hashed password', async () => {
    const email = `first-admin-${randomUUID().slice(0, 8)}@example.test`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        'scripts/create-admin.ts',
        '--org',
        `Fresh ${email}`,
        '--time-zone',
        'Asia/Kolkata',
        '--email',
        email,
        '--name',
        'First Admin',
      ],
      { cwd: root, env: { ...process.env, DATABASE_URL: inject('databaseUrl'), ADMIN_PASSWORD: 'first-admin-password' } },
    );
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

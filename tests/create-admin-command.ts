import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { inject } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Runs `npm run create-admin` as an operator would, against the test database; answers what it printed. */
export async function runCreateAdmin(options: { org: string; timeZone: string; email: string; name: string; password: string }) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/create-admin.ts',
      '--org',
      options.org,
      '--time-zone',
      options.timeZone,
      '--email',
      options.email,
      '--name',
      options.name,
    ],
    { cwd: root, env: { ...process.env, DATABASE_URL: inject('databaseUrl'), ADMIN_PASSWORD: options.password } },
  );
  return stdout;
}

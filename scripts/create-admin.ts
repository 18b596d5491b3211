import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { hashPassword } from '../api/auth/passwords.ts';
import { loadConfig, requireDatabaseUrl } from '../config.ts';
import { createDb } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { organizations, users } from '../db/schema/index.ts';

// The first administrator of a fresh database (or of a new organisation in it):
//   DATABASE_URL=... npm run create-admin -- --org "Acme Services" --time-zone Europe/Berlin --email ada@acme.example --name "Ada Admin"
// The password comes from ADMIN_PASSWORD, or a random one is printed once. Two-factor set-up
// follows at the first sign-in.
const { values } = parseArgs({
  options: {
    org: { type: 'string' },
    'time-zone': { type: 'string', default: 'UTC' },
    email: { type: 'string' },
    name: { type: 'string' },
  },
});
if (!values.org || !values.email || !values.name) {
  console.error('Usage: npm run create-admin -- --org <organisation name> --email <e-mail> --name <full name> [--time-zone <IANA zone>]');
  process.exit(2);
}
const email = values.email.trim().toLowerCase();
const givenPassword = process.env.ADMIN_PASSWORD;
if (givenPassword !== undefined && givenPassword.length < 10) {
  console.error('ADMIN_PASSWORD must have at least 10 characters.');
  process.exit(2);
}
const password = givenPassword ?? randomBytes(12).toString('base64url');

const database = createDb(requireDatabaseUrl(loadConfig()), { max: 1 });
try {
  await migrateDatabase(database.db);
  const [existing] = await database.db.select().from(users).where(eq(users.email, email));
  if (existing) {
    console.error(`${email} already has an account.`);
    process.exitCode = 1;
  } else {
    const passwordHash = await hashPassword(password);
    await database.db.transaction(async (tx) => {
      const [found] = await tx.select().from(organizations).where(eq(organizations.name, values.org!));
      const organization =
        found ?? (await tx.insert(organizations).values({ name: values.org!, timeZone: values['time-zone']! }).returning())[0]!;
      await tx.insert(users).values({ orgId: organization.id, email, name: values.name!, passwordHash, roles: ['super_admin', 'admin'] });
    });
    console.log(`Created ${email} (super admin of "${values.org}").`);
    // The digest schedules have one keeper, the worker's start (temporal/inbox-digest-schedules.ts):
    // this command needs no Temporal connection.
    console.log('Its daily task digest schedule is made when the worker (next) starts.');
    if (!givenPassword) console.log(`Password (shown once): ${password}`);
  }
} finally {
  await database.close();
}

import { createHash, randomBytes } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { createDb } from './client.ts';
import { migrateDatabase } from './migrate.ts';

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));
const firstLandedFolder = fileURLToPath(new URL('./test-fixtures/migrations-as-first-landed', import.meta.url));

/**
 * Every migration that has landed, with the sha256 the migrator records for it. The migrator never
 * re-runs a migration it has applied, so an edited file leaves existing databases behind. Add each
 * new migration here when it lands; never change a line.
 */
const landed: Record<string, { when: number; sha256: string }> = {
  '0000_platform_foundation': { when: 1795344791427, sha256: '08ae32e57ec4585942a382ff5fd9e22c6519c39f1bcd85c683b9032723e32dd8' },
  '0001_leave_ledger_guards': { when: 1795344796196, sha256: '30087c312f2b405330e6fb8eab95ab4c0b6c3d3d1cc9251360dd8eae622f63ba' },
  '0002_identity_and_audit': { when: 1795346967488, sha256: '5d648b35cf2d6bd45d4584b09e0623b12332f3d2473a5ca67584298708969588' },
  '0003_audit_log_append_only': { when: 1795346970360, sha256: '0cc670799c041f5068cabd664b7fede290022572dd85c8a49f2eb79791f8351c' },
  '0004_unify_append_only_guards': { when: 1796118971949, sha256: '2f3a386e1271c0508ec44b7e1dc155a011b0c68515dda8fa86a9879942437a18' },
  '0005_human_task_kit_queues_and_versions': {
    when: 1796120146676,
    sha256: '918684738d7a76ad7196835c72cdd5565e4813bb3c850ab40318671f8219be5c',
  },
  '0006_leave_administration': { when: 1796120840276, sha256: '49062b357a108525bf5e5a681819f06c0430498b60d1f00182f5630d4eb77ca3' },
  '0007_mail_outbox': { when: 1796128261142, sha256: '8f9dabd579eee99140b33124c620d7bf8555a97b7e55efce3bd6340396ae3696' },
  '0008_inbox': { when: 1796141980147, sha256: '2383ca45bf63c26ac640873c58fd1c15cfef4d0736cdca1f57439391b27f2347' },
  '0009_away': { when: 1796143273423, sha256: 'cf2ff211bc71d32154fc5953bd5c236403305dd7b15c528be9e70f119153d9a7' },
  '0010_engagements': { when: 1796150798433, sha256: '71aeb4ec44b2ad8c0fd290a5f4a071a77e055d82eefd82ee653b2191d1b4f7b9' },
  '0011_engagement_feedback': { when: 1796153559863, sha256: '281140e2d9a360c461f6479d91ca797fa4d7f8285df953f291a58c144214f1d8' },
  '0012_client_records': { when: 1796157812438, sha256: '42ac34882d331c01a79399dff48a92128edb7de4ed1c4c0f47d05817d32f1a24' },
  '0013_attendance': { when: 1796163662840, sha256: '5877b9c57c9785e9a5e5c0d57206171e3bbfd45bce9e8c3b6b5ce53d5e0ab850' },
  '0014_payroll': { when: 1796167735964, sha256: '1c285a17f03931f282373a7998519a7d74643fa81c8fa9653af07f98203edc45' },
  '0015_payroll_adjustments': { when: 1796190366210, sha256: 'f3a8aaee5acc15d33438752219aea2ac18246b67fdd29642af0dc2e9687dba87' },
  '0016_payable_half_days': { when: 1796191414031, sha256: '5fda1c18a35aa8bc9c0169dfbf4192ee2d28b6b9a031ff6410fbef7edf15e837' },
  '0017_inbox_pages_in_due_order': { when: 1796194559847, sha256: '59db62422375c1ac35dd4a7a055f62bdb7d3300746477632eb13fe7e3ffeaba9' },
};

/** 0001 and 0003 as they first landed (before 9484d73 edited them): what older databases ran. */
const firstLanded = ['0001_leave_ledger_guards', '0003_audit_log_append_only'];
const lastBeforeTheEdit = '0003_audit_log_append_only';

type JournalEntry = { idx: number; when: number; tag: string };
type Journal = { entries: JournalEntry[] };

async function readJournal(folder: string): Promise<Journal> {
  return JSON.parse(await readFile(join(folder, 'meta/_journal.json'), 'utf8')) as Journal;
}

const sha256 = (text: Buffer) => createHash('sha256').update(text).digest('hex');

const journal = await readJournal(migrationsFolder);

describe('landed migrations', () => {
  test.each(journal.entries.map((entry) => [entry.tag, entry] as const))('%s is pinned and unchanged', async (tag, entry) => {
    const pinned = landed[tag];
    expect(pinned, `${tag} is new: add its sha256 and "when" to \`landed\` in db/migrations.test.ts`).toBeDefined();
    const actual = { when: entry.when, sha256: sha256(await readFile(join(migrationsFolder, `${tag}.sql`))) };
    expect(
      actual,
      `${tag} changed after it landed; databases that ran it will never see the edit. Restore it and add a new migration instead`,
    ).toEqual(pinned);
  });

  test('every pinned migration is still in the journal', () => {
    expect(journal.entries.map((entry) => entry.tag)).toEqual(Object.keys(landed));
  });
});

// A database per migration path, on the run's PostgreSQL server.
const server = postgres(inject('databaseUrl'), { max: 1, onnotice: () => {} });
const createdDatabases: string[] = [];

afterAll(async () => {
  for (const name of createdDatabases) await server.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await server.end();
});

async function emptyDatabase(purpose: string): Promise<string> {
  const name = `migrations_${purpose}_${randomBytes(4).toString('hex')}`;
  await server.unsafe(`CREATE DATABASE "${name}"`);
  createdDatabases.push(name);
  const url = new URL(inject('databaseUrl'));
  url.pathname = `/${name}`;
  return url.toString();
}

/** A copy of the migrations folder as it stood before 9484d73: original 0001 and 0003, nothing after 0003. */
async function folderAsBeforeTheEdit(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'migrations-as-first-landed-'));
  await cp(migrationsFolder, folder, { recursive: true });
  for (const tag of firstLanded) await cp(join(firstLandedFolder, `${tag}.sql`), join(folder, `${tag}.sql`));
  const journal = await readJournal(folder);
  const last = journal.entries.findIndex((entry) => entry.tag === lastBeforeTheEdit);
  journal.entries = journal.entries.slice(0, last + 1);
  await writeFile(join(folder, 'meta/_journal.json'), JSON.stringify(journal));
  return folder;
}

/** What a migration can change: the project's functions, triggers, constraints, indexes and columns. */
async function schemaOf(sql: postgres.Sql) {
  const projectFunctions = await sql`
    SELECT p.proname, pg_get_function_identity_arguments(p.oid) AS args, p.prosrc
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'public'
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
    ORDER BY 1, 2`;
  const triggers = await sql`
    SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid) AS definition
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND NOT t.tgisinternal
    ORDER BY 1, 2`;
  const constraints = await sql`
    SELECT c.relname, k.conname, pg_get_constraintdef(k.oid) AS definition
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public'
    ORDER BY 1, 2`;
  const indexes = await sql`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2`;
  const columns = await sql`
    SELECT table_name, column_name, ordinal_position, data_type, udt_name, is_nullable, column_default
    FROM information_schema.columns WHERE table_schema = 'public'
    ORDER BY 1, 3`;
  const extensions = await sql`SELECT extname FROM pg_extension ORDER BY 1`;
  return { projectFunctions, triggers, constraints, indexes, columns, extensions };
}

async function withDb<T>(url: string, run: (database: ReturnType<typeof createDb>) => Promise<T>): Promise<T> {
  const database = createDb(url, { max: 1 });
  try {
    return await run(database);
  } finally {
    await database.close();
  }
}

test('a database migrated before 0001 and 0003 were edited ends up like a fresh one', async () => {
  const fresh = await emptyDatabase('fresh');
  const freshSchema = await withDb(fresh, async ({ db, sql }) => {
    await migrateDatabase(db);
    return schemaOf(sql);
  });

  const old = await emptyDatabase('old');
  const beforeTheEdit = await folderAsBeforeTheEdit();
  try {
    await withDb(old, async ({ db, sql }) => {
      await migrate(db, { migrationsFolder: beforeTheEdit });
      // The comparison sees what the edit left behind, so it would catch a missing repair.
      expect(await schemaOf(sql)).not.toEqual(freshSchema);
      await migrateDatabase(db);
      expect(await schemaOf(sql)).toEqual(freshSchema);
    });
  } finally {
    await rm(beforeTheEdit, { recursive: true, force: true });
  }
});

test('the fixtures are the texts that landed first, which older databases recorded', async () => {
  const recorded = {
    '0001_leave_ledger_guards': '7dbcef22b0df5f568044099daf0fef478f08dcef8923f6b2eefaa8fd175b74f2',
    '0003_audit_log_append_only': '6816222d427b2e8d233c578b6d9c93fd992beaa18ed55f3775389bf0144af851',
  };
  for (const [tag, hash] of Object.entries(recorded)) {
    expect(sha256(await readFile(join(firstLandedFolder, `${tag}.sql`))), tag).toBe(hash);
  }
});

import { loadServiceConfig, requireDatabaseUrl } from '../config.ts';
import { createDb } from './client.ts';
import { migrateDatabase } from './migrate.ts';

// One-shot: bring the schema up to date (production runs this before the API and workers).
const database = createDb(requireDatabaseUrl(loadServiceConfig('migrate')), { max: 1 });
try {
  await migrateDatabase(database.db);
  console.log('migrate: schema is up to date');
} finally {
  await database.close();
}

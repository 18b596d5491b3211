import { loadServiceConfig, requireDatabaseUrl } from '../config.ts';
import { createDb } from './client.ts';
import { demoSeedOptions } from './demo.ts';
import { seedOrganisation } from './seed.ts';

// One-shot: the demo organisation, only when asked for (SEED_DEMO=true in docker-compose).
const database = createDb(requireDatabaseUrl(loadServiceConfig('migrate')), { max: 1 });
try {
  await seedOrganisation(database.db, demoSeedOptions());
  console.log('seed: demo organisation is ready');
} finally {
  await database.close();
}

import type { SeedOptions } from './seed.ts';

/** The demo organisation `npm start` creates; its people sign in with `DEMO_PASSWORD`. */
export function demoSeedOptions(now = new Date()): SeedOptions {
  const year = now.getUTCFullYear();
  return {
    slug: 'acme',
    name: 'Acme Services',
    password: process.env.DEMO_PASSWORD ?? 'demo-pass-2026',
    timeZone: 'Europe/Berlin',
    years: [year, year + 1],
  };
}

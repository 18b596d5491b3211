import { describe, expect, it } from 'vitest';
import { loadServiceConfig } from './config.ts';

const key = Buffer.alloc(32, 1).toString('base64');
const development = { DATABASE_URL: 'postgres://platform@127.0.0.1:5433/platform', TOTP_ENCRYPTION_KEY: key };

describe('loadServiceConfig', () => {
  it('starts each program on the development defaults outside production (npm start)', () => {
    expect(loadServiceConfig('api', development).apiHost).toBe('127.0.0.1');
    expect(loadServiceConfig('worker', development).worker).toMatchObject({ shutdownGraceMs: 30_000, shutdownForceMs: 40_000 });
    expect(() => loadServiceConfig('migrate', { DATABASE_URL: development.DATABASE_URL })).not.toThrow();
  });

  it('names every missing setting at once, and in production the development defaults too', () => {
    expect(() => loadServiceConfig('api', {})).toThrow('api: DATABASE_URL, TOTP_ENCRYPTION_KEY are not set');
    expect(() => loadServiceConfig('worker', { ...development, NODE_ENV: 'production' })).toThrow(
      'worker: TEMPORAL_ADDRESS, SMTP_URL, MAIL_FROM, APP_URL, PAYLOAD_KEYS are not set',
    );
  });

  it('refuses a TOTP key that is not 32 bytes', () => {
    expect(() => loadServiceConfig('api', { ...development, TOTP_ENCRYPTION_KEY: 'c2hvcnQ=' })).toThrow('TOTP_ENCRYPTION_KEY: 32 bytes');
  });
});

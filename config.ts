import { z } from 'zod';
import { parsePayloadKeys } from './temporal/payload-codec.ts';
import { processTaskQueue } from './temporal/task-queues.ts';

const units = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const duration = z
  .string()
  .regex(/^\d+(ms|s|m|h|d)$/, 'a duration such as 90s, 30m, 24h or 3d')
  .transform((text) => {
    const [, amount, unit] = /^(\d+)(ms|s|m|h|d)$/.exec(text)!;
    return Number(amount) * units[unit as keyof typeof units];
  });

const payloadKeys = z.string().transform((text, ctx) => {
  try {
    return parsePayloadKeys(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

const origins = z.string().transform((text, ctx) => {
  const list = text
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of list) {
    if (!URL.canParse(origin) || new URL(origin).origin !== origin) {
      ctx.addIssue({ code: 'custom', message: `"${origin}" is not an origin such as http://localhost:8233 (scheme, host, port; no path)` });
    }
  }
  return new Set(list);
});

const schema = z.object({
  DATABASE_URL: z.string().url().optional(),
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default(processTaskQueue),
  PAYLOAD_KEYS: payloadKeys.optional(),
  TEMPORAL_UI_ORIGINS: origins.prefault(''),
  SMTP_URL: z.string().default('smtp://127.0.0.1:2525'),
  MAIL_FROM: z.string().default('Staged Processes <no-reply@localhost>'),
  MAIL_SEND_TIMEOUT: duration.prefault('60s'),
  // Organisations whose mail this worker sends (comma-separated ids); every organisation's when empty.
  MAIL_ORG_IDS: z.string().default(''),
  APP_URL: z.string().url().default('http://localhost:3000'),
  API_PORT: z.coerce.number().int().positive().default(3001),
  // Loopback for `npm start`; a container binds 0.0.0.0 so the UI container can reach it.
  API_HOST: z.string().min(1).default('127.0.0.1'),
  // 1 MiB: far above any JSON form the API takes, far below what would tie a process up reading it.
  API_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  // 5 MiB: a scanned form or a few photos; the upload route alone reads bodies this large.
  ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1024).default(5_242_880),
  NODE_ENV: z.string().default('development'),
  LEAVE_REMIND_AFTER: duration.prefault('24h'),
  LEAVE_ESCALATE_AFTER: duration.prefault('72h'),
  LEAVE_PAST_GRACE_DAYS: z.coerce.number().int().min(0).max(365).default(3),
  SESSION_IDLE_TIMEOUT: duration.prefault('8h'),
  SESSION_ABSOLUTE_TIMEOUT: duration.prefault('7d'),
  TOTP_ENCRYPTION_KEY: z
    .string()
    .refine((key) => Buffer.from(key, 'base64').length === 32, '32 bytes, base64-encoded (openssl rand -base64 32)')
    .optional(),
  TRUSTED_PROXIES: z.string().default(''),
  SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  SIGN_IN_LOCK: duration.prefault('15m'),
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  WORKER_SHUTDOWN_GRACE: duration.prefault('30s'),
  // The image sets it to the bundle written at build time; when the file is absent the worker bundles at start.
  WORKFLOW_BUNDLE_PATH: z.string().optional(),
});

export type PlatformConfig = ReturnType<typeof loadConfig>;

/** Reads the environment once; a wrong value stops the process with the variable's name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const c = parsed.data;
  return {
    databaseUrl: c.DATABASE_URL,
    temporal: {
      address: c.TEMPORAL_ADDRESS,
      namespace: c.TEMPORAL_NAMESPACE,
      taskQueue: c.TEMPORAL_TASK_QUEUE,
      /** The first encrypts every payload; all decrypt. Null (allowed outside production): payloads in clear. */
      payloadKeys: c.PAYLOAD_KEYS ?? null,
    },
    /** Where the Temporal Web UI runs: the codec endpoint answers these origins' cross-origin calls. */
    temporalUiOrigins: c.TEMPORAL_UI_ORIGINS as ReadonlySet<string>,
    mail: {
      smtpUrl: c.SMTP_URL,
      from: c.MAIL_FROM,
      sendTimeoutMs: c.MAIL_SEND_TIMEOUT,
      ...(c.MAIL_ORG_IDS.trim() ? { onlyOrgIds: c.MAIL_ORG_IDS.split(',').map((id) => id.trim()) } : {}),
    },
    appUrl: c.APP_URL.replace(/\/$/, ''),
    apiPort: c.API_PORT,
    apiHost: c.API_HOST,
    apiBodyLimitBytes: c.API_BODY_LIMIT_BYTES,
    attachmentMaxBytes: c.ATTACHMENT_MAX_BYTES,
    secureCookies: c.NODE_ENV === 'production',
    leave: { remindAfterMs: c.LEAVE_REMIND_AFTER, escalateAfterMs: c.LEAVE_ESCALATE_AFTER, pastGraceDays: c.LEAVE_PAST_GRACE_DAYS },
    sessions: { idleMs: c.SESSION_IDLE_TIMEOUT, absoluteMs: c.SESSION_ABSOLUTE_TIMEOUT },
    totpEncryptionKey: c.TOTP_ENCRYPTION_KEY,
    trustedProxies: new Set(
      c.TRUSTED_PROXIES.split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    ),
    // The lock counts failures per e-mail address over the lock's own length.
    signInLock: { maxFailures: c.SIGN_IN_MAX_FAILURES, lockMs: c.SIGN_IN_LOCK },
    authRateLimitPerMinute: c.AUTH_RATE_LIMIT_PER_MINUTE,
    worker: {
      workflowBundlePath: c.WORKFLOW_BUNDLE_PATH,
      // Temporal's semantics (sdk-core's graceful_shutdown_period): after shutdown the worker stops
      // polling and lets running activities finish for the grace time, then sends them a cancellation.
      // Ours do not watch for it, so they run on; the force time is where the worker gives up waiting
      // and its process exits. The process's stop timeout (compose's stop_grace_period) must exceed it.
      shutdownGraceMs: c.WORKER_SHUTDOWN_GRACE,
      shutdownForceMs: c.WORKER_SHUTDOWN_GRACE + workerCancellationAllowanceMs,
    },
  };
}

/** Time a cancelled activity gets to stop after the grace time, before the worker stops waiting for it. */
const workerCancellationAllowanceMs = 10_000;

export function requireDatabaseUrl(config: PlatformConfig): string {
  if (!config.databaseUrl) throw new Error('DATABASE_URL is not set (npm start sets it for the embedded PostgreSQL).');
  return config.databaseUrl;
}

/** The programs of the production image that read this configuration (docker-compose.yml runs each). */
export type PlatformService = 'api' | 'worker' | 'migrate';

/**
 * Settings a program cannot start without. `everywhere` has no usable default at all (`npm start`
 * makes them); `inProduction` have defaults that point at a developer's machine (a Temporal server
 * and mail sink on 127.0.0.1, links to localhost) or, for PAYLOAD_KEYS, the payload codec's keys,
 * so under NODE_ENV=production (the image's) an unset one is a mistake, not a default.
 */
export const requiredSettings: Record<PlatformService, { everywhere: string[]; inProduction: string[] }> = {
  api: {
    everywhere: ['DATABASE_URL', 'TOTP_ENCRYPTION_KEY'],
    inProduction: ['TEMPORAL_ADDRESS', 'SMTP_URL', 'MAIL_FROM', 'APP_URL', 'PAYLOAD_KEYS'],
  },
  worker: {
    everywhere: ['DATABASE_URL'],
    inProduction: ['TEMPORAL_ADDRESS', 'SMTP_URL', 'MAIL_FROM', 'APP_URL', 'PAYLOAD_KEYS'],
  },
  migrate: { everywhere: ['DATABASE_URL'], inProduction: [] },
};

/**
 * The configuration of one program, refused (naming every missing variable) when a setting it needs
 * is not set. Each program's entry point calls this, and the compose test runs it against each
 * service's rendered environment.
 */
export function loadServiceConfig(service: PlatformService, env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const config = loadConfig(env);
  const { everywhere, inProduction } = requiredSettings[service];
  const production = env.NODE_ENV === 'production';
  const missing = [...everywhere, ...(production ? inProduction : [])].filter((name) => !env[name]?.trim());
  if (missing.length > 0) {
    const why = missing.some((name) => inProduction.includes(name)) ? ' (NODE_ENV=production takes no development defaults)' : '';
    throw new Error(`${service}: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set${why}`);
  }
  return config;
}

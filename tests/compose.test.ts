import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseSearchAttributes } from '../temporal/search-attributes.ts';

// Validates docker-compose.yml without a Docker engine: `docker-compose config` interpolates,
// merges and schema-checks the file, and we assert the production shape on its output.

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

const installHint =
  "docker-compose is not installed: install Debian's docker-compose package " +
  '(apt-get install --no-install-recommends docker-compose); CI installs it in .ci/run';

/** Dummy values for the settings the file refuses to render without. */
const requiredEnv: Record<string, string> = {
  POSTGRES_PASSWORD: 'test-only-password',
  SMTP_URL: 'smtp://relay.invalid:587',
  MAIL_FROM: 'processes@example.com',
  APP_URL: 'https://processes.example.com',
  PAYLOAD_KEYS: 'test-only:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
};

const longRunning = ['postgres', 'temporal', 'temporal-ui', 'api', 'worker', 'ui'];
const oneShots = ['temporal-setup', 'migrate'];
const builtFromRepository = ['api', 'worker', 'ui', 'migrate'];

interface VolumeMount {
  type?: string;
  source?: string;
  target?: string;
}

interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  entrypoint?: string | string[];
  healthcheck?: { test?: string | string[]; disable?: boolean };
  depends_on?: string[] | Record<string, { condition?: string }>;
  volumes?: (string | VolumeMount)[];
  privileged?: boolean;
  restart?: string;
}

interface ComposeConfig {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

let envDir = '';

function runCompose(args: string[], env: Record<string, string>): SpawnSyncReturns<string> {
  // An empty --env-file keeps a developer's local .env out of the result.
  const result = spawnSync('docker-compose', ['-f', 'docker-compose.yml', '--env-file', join(envDir, 'empty.env'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...env },
  });
  if (result.error && 'code' in result.error && result.error.code === 'ENOENT') {
    throw new Error(installHint);
  }
  if (result.error) throw result.error;
  return result;
}

function composeMajorVersion(): number {
  const result = runCompose(['version', '--short'], {});
  const major = /^v?(\d+)/.exec(result.stdout.trim())?.[1];
  if (result.status !== 0 || major === undefined) {
    throw new Error(`docker-compose version failed: ${result.stderr || result.stdout}`);
  }
  return Number(major);
}

/**
 * The Python that runs Compose v1 (its shebang), which has PyYAML: Debian's docker-compose depends
 * on python3-yaml, but another python3 earlier on PATH (pyenv, a venv) may lack it.
 */
function composePython(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const script = join(dir, 'docker-compose');
    if (!dir || !existsSync(script)) continue;
    const shebang = /^#!\s*(\S*python\S*)/.exec(readFileSync(script, 'latin1').slice(0, 200));
    if (shebang?.[1]) return shebang[1];
    break;
  }
  return 'python3';
}

/** The rendered configuration as JSON; Compose v1 only prints YAML, so PyYAML converts it. */
function renderConfig(env: Record<string, string>): ComposeConfig {
  if (composeMajorVersion() >= 2) {
    const result = runCompose(['config', '--format', 'json'], env);
    expect(result.status, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as ComposeConfig;
  }
  const result = runCompose(['config'], env);
  expect(result.status, result.stderr).toBe(0);
  const converted = spawnSync(composePython(), ['-c', 'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'], {
    input: result.stdout,
    encoding: 'utf8',
  });
  expect(converted.status, converted.stderr).toBe(0);
  return JSON.parse(converted.stdout) as ComposeConfig;
}

function withoutVariable(name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(requiredEnv).filter(([key]) => key !== name));
}

function asText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(' ') : (value ?? '');
}

function completionDependencies(config: ComposeConfig): Set<string> {
  const names = new Set<string>();
  for (const service of Object.values(config.services)) {
    const dependsOn = service.depends_on;
    if (!dependsOn || Array.isArray(dependsOn)) continue;
    for (const [name, { condition }] of Object.entries(dependsOn)) {
      if (condition === 'service_completed_successfully') names.add(name);
    }
  }
  return names;
}

describe('docker-compose.yml', () => {
  let config: ComposeConfig;

  beforeAll(() => {
    envDir = mkdtempSync(join(tmpdir(), 'compose-test-'));
    writeFileSync(join(envDir, 'empty.env'), '');
    config = renderConfig(requiredEnv);
  }, 60_000);

  afterAll(() => {
    if (envDir) rmSync(envDir, { recursive: true, force: true });
  });

  it('declares the platform and its infrastructure', () => {
    for (const name of [...longRunning, ...oneShots]) {
      expect(config.services, name).toHaveProperty([name]);
    }
  });

  it('waits for the one-shot jobs to complete, and gives every other service a healthcheck', () => {
    const completed = completionDependencies(config);
    expect([...completed].sort()).toEqual([...oneShots].sort());
    for (const [name, service] of Object.entries(config.services)) {
      if (completed.has(name)) continue;
      expect(service.healthcheck?.test, `${name} healthcheck`).toBeDefined();
      expect(service.healthcheck?.disable, `${name} healthcheck`).not.toBe(true);
      expect(['always', 'unless-stopped'], `${name} restart policy`).toContain(service.restart);
    }
  });

  it('keeps PostgreSQL data on a named volume', () => {
    const mounts = (config.services.postgres?.volumes ?? []).map((mount): VolumeMount => {
      if (typeof mount !== 'string') return mount;
      const [source, target] = mount.split(':');
      return { source, target };
    });
    const data = mounts.find((mount) => mount.target === '/var/lib/postgresql/data');
    expect(data?.source).toBeDefined();
    expect(Object.keys(config.volumes ?? {})).toContain(data?.source);
  });

  it("builds the platform's services from the repository's Dockerfile", () => {
    for (const name of builtFromRepository) {
      const build = config.services[name]?.build;
      const context = typeof build === 'string' ? build : build?.context;
      const dockerfile = (typeof build === 'object' && build.dockerfile) || 'Dockerfile';
      expect(context, `${name} build context`).toBeDefined();
      expect(resolve(context ?? ''), `${name} build context`).toBe(resolve(repoRoot));
      expect(dockerfile, `${name} Dockerfile`).toBe('Dockerfile');
    }
    expect(existsSync(join(repoRoot, 'Dockerfile'))).toBe(true);
  });

  it('registers every search attribute the workflows set', () => {
    const setup = config.services['temporal-setup'];
    const script = `${asText(setup?.entrypoint)} ${asText(setup?.command)}`.replace(/\s+/g, ' ');
    for (const key of caseSearchAttributes) {
      expect(script).toContain(`--name ${key.name} --type Keyword`);
    }
  });

  it('runs no privileged containers', () => {
    for (const [name, service] of Object.entries(config.services)) {
      expect(service.privileged, name).not.toBe(true);
    }
  });

  it.each(['POSTGRES_PASSWORD', 'SMTP_URL', 'MAIL_FROM', 'APP_URL', 'PAYLOAD_KEYS'])(
    'refuses to render without %s',
    (name) => {
      const result = runCompose(['config', '-q'], withoutVariable(name));
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain(name);
    },
    30_000,
  );
});

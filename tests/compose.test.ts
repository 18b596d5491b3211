import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServiceConfig, requiredSettings, type PlatformService } from '../config.ts';
import { caseSearchAttributes } from '../temporal/search-attributes.ts';

// Validates docker-compose.yml without a Docker engine: `docker-compose config` interpolates,
// merges and schema-checks the file, and we assert the production shape on its output. Each
// backend service's rendered environment (over the image's ENV) goes through the same
// loadServiceConfig its program calls at start, so a variable dropped from the file fails here.

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
  TOTP_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  PAYLOAD_KEYS: `k1:${Buffer.alloc(32, 9).toString('base64')}`,
};

/** The program each service of the image runs, by its entry point. */
const programs: Record<string, PlatformService> = {
  'api/server.ts': 'api',
  'temporal/worker-main.ts': 'worker',
  'db/migrate-main.ts': 'migrate',
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
  environment?: Record<string, string | number | boolean | null> | string[];
  networks?: string[] | Record<string, { ipv4_address?: string } | null>;
  stop_grace_period?: string;
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
  networks?: Record<string, { ipam?: { config?: { subnet?: string }[] } } | null>;
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

/** The environment the service sets, as strings (as its process sees them). */
function serviceEnv(service: ComposeService): Record<string, string> {
  if (Array.isArray(service.environment)) {
    return Object.fromEntries(service.environment.map((entry) => [entry.split('=')[0], entry.slice(entry.indexOf('=') + 1)]));
  }
  return Object.fromEntries(Object.entries(service.environment ?? {}).map(([name, value]) => [name, value === null ? '' : String(value)]));
}

/** The environment of a service built from the repository: the image's ENV, then the service's own. */
function processEnv(service: ComposeService): Record<string, string> {
  return { ...imageEnv(), ...serviceEnv(service) };
}

/** `ENV NAME=value` lines of the Dockerfile's last stage, the one the services run. */
function imageEnv(): Record<string, string> {
  const lines = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8').split('\n');
  const lastStage = lines.slice(lines.findLastIndex((line) => /^FROM\s/i.test(line)));
  const env: Record<string, string> = {};
  for (const line of lastStage) {
    const declaration = /^ENV\s+(.*)$/i.exec(line.trim())?.[1];
    for (const [, name, value] of (declaration ?? '').matchAll(/([A-Za-z_][A-Za-z0-9_]*)=(\S*)/g)) env[name!] = value!;
  }
  return env;
}

function programOf(service: ComposeService): PlatformService | undefined {
  // The words of the command, scripts included (migrate runs a shell script).
  const words = asText(service.command).split(/\s+/);
  return words.map((word) => programs[word]).find(Boolean);
}

function networksOf(service: ComposeService): Record<string, { ipv4_address?: string }> {
  const networks = service.networks ?? ['default'];
  if (Array.isArray(networks)) return Object.fromEntries(networks.map((name) => [name, {}]));
  return Object.fromEntries(Object.entries(networks).map(([name, settings]) => [name, settings ?? {}]));
}

/** Whether an IPv4 address lies in a CIDR subnet. */
function inSubnet(address: string, subnet: string): boolean {
  const toNumber = (ip: string) => ip.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
  const [base, bits] = subnet.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(toNumber(address) / size) === Math.floor(toNumber(base!) / size);
}

/** A Compose duration (`90s`, `1m30s`, `500ms`) in milliseconds; Docker's default stop grace is 10 s. */
function durationMs(text: string | undefined): number {
  if (text === undefined) return 10_000;
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, ns: 0.000001 };
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|ns)/g)) total += Number(amount) * units[unit!]!;
  return total;
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

  it('runs each program of the image with every setting it requires', () => {
    const run = new Set<PlatformService>();
    for (const name of builtFromRepository.filter((service) => service !== 'ui')) {
      const service = config.services[name]!;
      const program = programOf(service);
      expect(program, `${name} runs a known program`).toBeDefined();
      run.add(program!);
      const env = processEnv(service);
      expect(env.NODE_ENV, `${name} NODE_ENV`).toBe('production');
      expect(() => loadServiceConfig(program!, env), name).not.toThrow();
      // The check itself works: without any one required setting, the program refuses to start.
      const { everywhere, inProduction } = requiredSettings[program!];
      for (const variable of [...everywhere, ...inProduction]) {
        const { [variable]: _dropped, ...without } = env;
        expect(() => loadServiceConfig(program!, without), `${name} without ${variable}`).toThrow(variable);
      }
    }
    expect([...run].sort()).toEqual(Object.values(programs).sort());
  });

  it('starts the worker from the workflow bundle the image writes at build time', () => {
    const { workflowBundlePath } = loadServiceConfig('worker', processEnv(config.services.worker!)).worker;
    expect(workflowBundlePath).toBe('/app/build/workflow-bundle.js');
    const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^RUN node --import tsx scripts\/bundle-workflows\.ts build\/workflow-bundle\.js$/m);
    expect(dockerfile).toMatch(/^COPY --from=build \/app\/build\/workflow-bundle\.js \.\/build\/workflow-bundle\.js$/m);
    expect(dockerfile).toMatch(/^WORKDIR \/app$/m);
  });

  it('has the API listen where the UI container reaches it, and the UI call it there', () => {
    const api = loadServiceConfig('api', processEnv(config.services.api!));
    expect(['0.0.0.0', '::'], 'API_HOST of the api service').toContain(api.apiHost);
    const apiUrl = new URL(processEnv(config.services.ui!).API_URL ?? '');
    expect(apiUrl.hostname).toBe('api');
    expect(Number(apiUrl.port || 80)).toBe(api.apiPort);
    const shared = Object.keys(networksOf(config.services.ui!)).filter((network) => network in networksOf(config.services.api!));
    expect(shared, 'networks the ui and api services share').not.toEqual([]);
  });

  it("trusts the client address forwarded by the UI, from the UI's fixed address only", () => {
    const api = loadServiceConfig('api', processEnv(config.services.api!));
    const apiNetworks = networksOf(config.services.api!);
    const shared = Object.entries(networksOf(config.services.ui!)).filter(([network]) => network in apiNetworks);
    for (const [network, { ipv4_address: address }] of shared) {
      expect(address, `the ui's fixed address on ${network}`).toBeDefined();
      expect([...api.trustedProxies], 'TRUSTED_PROXIES of the api service').toContain(address);
      const subnets = (config.networks?.[network]?.ipam?.config ?? []).map((ipam) => ipam.subnet ?? '');
      expect(
        subnets.some((subnet) => inSubnet(address!, subnet)),
        `${address} in the subnet of ${network}`,
      ).toBe(true);
      // Nothing else sits on that network, so no other container's address can be the trusted one.
      const members = Object.entries(config.services).filter(([, service]) => network in networksOf(service));
      expect(members.map(([name]) => name).sort()).toEqual(['api', 'ui']);
    }
    // No other service is trusted: every trusted address is the UI's.
    expect([...api.trustedProxies].sort()).toEqual(shared.map(([, { ipv4_address: address }]) => address).sort());
  });

  it('stops the worker only after its own shutdown limit has passed', () => {
    const worker = config.services.worker!;
    const { shutdownGraceMs, shutdownForceMs } = loadServiceConfig('worker', processEnv(worker)).worker;
    expect(shutdownGraceMs).toBeGreaterThan(0);
    // 5 s on top for closing the Temporal connection, the mail transport and the database pool.
    expect(durationMs(worker.stop_grace_period)).toBeGreaterThanOrEqual(shutdownForceMs + 5_000);
  });

  it("gives the Web UI the codec endpoint, called with the signed-in operator's cookies", () => {
    const env = serviceEnv(config.services['temporal-ui']!);
    expect(env.TEMPORAL_CODEC_ENDPOINT).toBe(`${requiredEnv.APP_URL}/api/temporal-codec`);
    expect(env.TEMPORAL_CODEC_INCLUDE_CREDENTIALS).toBe('true');
  });

  it.each(Object.keys(requiredEnv))(
    'refuses to render without %s',
    (name) => {
      const result = runCompose(['config', '-q'], withoutVariable(name));
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain(name);
    },
    30_000,
  );
});

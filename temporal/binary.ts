import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const cachedBinDir = join(projectRoot, '.tools', 'bin');
const executableName = process.platform === 'win32' ? 'temporal.exe' : 'temporal';

// v1.5.1 is the newest CLI tag whose go.mod has no `replace` directive, which `go install` forbids.
const cliModule = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

/**
 * Finds a `temporal` CLI (for `temporal server start-dev`): `TEMPORAL_CLI`, then PATH, then the
 * project's cached build in `.tools/bin`, else builds that cache with `go install`.
 */
export async function ensureTemporalCli(opts: { log?: (msg: string) => void } = {}): Promise<string> {
  const log = opts.log ?? console.log;

  const fromEnv = process.env.TEMPORAL_CLI;
  if (fromEnv) {
    if (await isExecutable(fromEnv)) return fromEnv;
    throw new Error(`TEMPORAL_CLI is set to ${fromEnv}, which is not an executable file.`);
  }

  const onPath = await findOnPath(executableName);
  if (onPath) return onPath;

  const cached = join(cachedBinDir, executableName);
  if (await isExecutable(cached)) return cached;

  if (await findOnPath(process.platform === 'win32' ? 'go.exe' : 'go')) {
    log(`Building the Temporal CLI into ${cachedBinDir} with \`go install ${cliModule}\` (takes about 5 minutes, once)...`);
    await run('go', ['install', cliModule], { ...process.env, GOBIN: cachedBinDir });
    if (await isExecutable(cached)) return cached;
    throw new Error(`\`go install ${cliModule}\` finished but ${cached} is missing.`);
  }

  throw new Error(
    [
      'No Temporal CLI found. Do one of:',
      '  - install it (https://docs.temporal.io/cli#install) and put `temporal` on PATH;',
      '  - set TEMPORAL_CLI to the path of a `temporal` executable;',
      `  - install Go (https://go.dev/dl/) so the project can build it into ${cachedBinDir};`,
      '  - or set TEMPORAL_ADDRESS to use a Temporal server that is already running.',
    ].join('\n'),
  );
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

async function findOnPath(name: string): Promise<string | null> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return null;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`\`${command} ${args.join(' ')}\` failed (exit code ${code ?? signal}).`));
    });
  });
}

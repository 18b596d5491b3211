import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const toolsDir = join(projectRoot, '.tools');
const exe = (name: string) => (process.platform === 'win32' ? `${name}.exe` : name);

/** A Temporal program built from its Go module, as these machines reach only the Go module proxy. */
interface GoProgram {
  /** What messages call it. */
  title: string;
  /** Names an executable to use instead of looking further. */
  envVar: string;
  /** The pinned `go install` target. */
  module: string;
  /**
   * Its cached build, `GOBIN` of its `go install`: the Temporal server and its Web UI server both
   * build an executable named `server`, so each has a folder of its own.
   */
  cacheDir: string;
  executable: string;
  /** Only a name as distinctive as `temporal` may be taken from PATH; `server` or `sql` could be anything. */
  fromPath: boolean;
  buildTime: string;
  /** What else the user can do when there is no Go, one line each. */
  alternatives: string[];
}

export const temporalCli: GoProgram = {
  title: 'Temporal CLI',
  envVar: 'TEMPORAL_CLI',
  // v1.5.1 is the newest CLI tag whose go.mod has no `replace` directive, which `go install` forbids.
  module: 'github.com/temporalio/cli/cmd/temporal@v1.5.1',
  cacheDir: join(toolsDir, 'bin'),
  executable: exe('temporal'),
  fromPath: true,
  buildTime: 'about 5 minutes',
  alternatives: [
    'install it (https://docs.temporal.io/cli#install) and put `temporal` on PATH',
    'or set TEMPORAL_ADDRESS to use a Temporal server that is already running',
  ],
};

// The server and its sql tool come from one module version: the tool's embedded schemas are the ones that server expects.
const serverVersion = 'v1.29.1';
const withoutPostgres = 'or leave TEMPORAL_PERSISTENCE unset to run the Temporal dev server (SQLite) instead';

export const temporalServer: GoProgram = {
  title: 'Temporal server',
  envVar: 'TEMPORAL_SERVER_BIN',
  module: `go.temporal.io/server/cmd/server@${serverVersion}`,
  cacheDir: join(toolsDir, 'temporal-server'),
  executable: exe('server'),
  fromPath: false,
  buildTime: 'about 80 s',
  alternatives: [withoutPostgres],
};

export const temporalSqlTool: GoProgram = {
  title: "Temporal server's sql tool",
  envVar: 'TEMPORAL_SQL_BIN',
  module: `go.temporal.io/server/cmd/tools/sql@${serverVersion}`,
  cacheDir: join(toolsDir, 'temporal-server'),
  executable: exe('sql'),
  fromPath: false,
  buildTime: 'about 80 s',
  alternatives: [withoutPostgres],
};

export const temporalUiServer: GoProgram = {
  title: 'Temporal Web UI server',
  envVar: 'TEMPORAL_UI_SERVER_BIN',
  module: 'github.com/temporalio/ui-server/v2/cmd/server@v2.42.1',
  cacheDir: join(toolsDir, 'temporal-ui'),
  executable: exe('server'),
  fromPath: false,
  buildTime: 'about 2 minutes',
  alternatives: ['or run the server without a Web UI'],
};

/**
 * Finds a Temporal program: its environment variable, then (for the CLI) PATH, then the project's
 * cached build under `.tools/`, else builds that cache with `go install`.
 */
export async function ensureGoProgram(program: GoProgram, opts: { log?: (msg: string) => void } = {}): Promise<string> {
  const log = opts.log ?? console.log;

  const fromEnv = process.env[program.envVar];
  if (fromEnv) {
    if (await isExecutable(fromEnv)) return fromEnv;
    throw new Error(`${program.envVar} is set to ${fromEnv}, which is not an executable file.`);
  }

  if (program.fromPath) {
    const onPath = await findOnPath(program.executable);
    if (onPath) return onPath;
  }

  const cached = join(program.cacheDir, program.executable);
  if (await isExecutable(cached)) return cached;

  if (await findOnPath(exe('go'))) {
    log(`Building the ${program.title} into ${program.cacheDir} with \`go install ${program.module}\` (${program.buildTime}, once)...`);
    await run('go', ['install', program.module], { ...process.env, GOBIN: program.cacheDir });
    if (await isExecutable(cached)) return cached;
    throw new Error(`\`go install ${program.module}\` finished but ${cached} is missing.`);
  }

  throw new Error(
    [
      `No ${program.title} found. Do one of:`,
      `  - set ${program.envVar} to the path of its executable;`,
      `  - install Go (https://go.dev/dl/) so the project can build it (\`go install ${program.module}\`) into ${program.cacheDir};`,
      ...program.alternatives.map((alternative) => `  - ${alternative}.`),
    ].join('\n'),
  );
}

/** The `temporal` CLI, for `temporal server start-dev`. */
export const ensureTemporalCli = (opts: { log?: (msg: string) => void } = {}) => ensureGoProgram(temporalCli, opts);

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

import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import { ensureTemporalCli } from '../temporal/binary.ts';

/**
 * With `RECORD_HISTORIES=1`, writes a workflow's history into `dir` as `<name>.json`, in the CLI's
 * JSON: the format operators download from the Web UI, and what replay reads. Otherwise nothing.
 */
export async function recordHistory(dir: string, name: string, workflowId: string): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  const cli = await ensureTemporalCli();
  const { stdout } = await promisify(execFile)(
    cli,
    ['workflow', 'show', '--workflow-id', workflowId, '--address', inject('temporalAddress'), '--output', 'json'],
    { maxBuffer: 50_000_000 },
  );
  await mkdir(dir, { recursive: true });
  await writeFile(`${dir}${name}.json`, stdout);
}

/** Every recorded history in `dir`, by file name. */
export async function recordedHistories(dir: string): Promise<{ file: string; text: string }[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(files.map(async (file) => ({ file, text: await readFile(`${dir}${file}`, 'utf8') })));
}

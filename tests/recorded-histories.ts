import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { ensureTemporalCli } from '../temporal/binary.ts';
import { parsePayloadKeys, payloadDataConverter } from '../temporal/payload-codec.ts';
import { bundleWorkflows } from '../temporal/worker.ts';
import { testPayloadKeySet } from './harness.ts';

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

/**
 * Replays each history against the current workflow code, its payloads read with the tests' keys
 * (the ones it was recorded with): a change that is not replay-safe fails with a nondeterminism error.
 */
export async function replayRecordedHistories(histories: { file: string; text: string }[]): Promise<void> {
  const bundle = await bundleWorkflows();
  const dataConverter = payloadDataConverter(parsePayloadKeys(testPayloadKeySet));
  for (const { file, text } of histories) {
    await Worker.runReplayHistory({ workflowBundle: bundle, dataConverter }, JSON.parse(text), `replay-${file}`);
  }
}

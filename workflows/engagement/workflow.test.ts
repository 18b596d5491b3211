import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { parsePayloadKeys, payloadDataConverter } from '../../temporal/payload-codec.ts';
import { bundleWorkflows } from '../../temporal/worker.ts';
import { testPayloadKeySet } from '../../tests/harness.ts';
import { recordedHistories } from '../../tests/recorded-histories.ts';

// The engagement's histories, recorded by tests/engagement.test.ts (`RECORD_HISTORIES=1`) with the
// tests' own payload keys, replayed against the current code: a change to the engagement or work
// item workflow that is not replay-safe (missing `patched()`) fails here, not in production.
const historiesDir = fileURLToPath(new URL('./histories/', import.meta.url));

describe('engagement workflows', () => {
  it('replay every recorded history with the current code: the whole journey, its work items, and the early endings', async () => {
    const histories = await recordedHistories(historiesDir);
    expect(histories.map((h) => h.file)).toEqual(
      expect.arrayContaining([
        'lead-to-delivery.json',
        'work-item-returned-by-qa.json',
        'disqualified.json',
        'held-resumed-cancelled.json',
      ]),
    );
    const bundle = await bundleWorkflows();
    for (const { file, text } of histories) {
      await Worker.runReplayHistory(
        { workflowBundle: bundle, dataConverter: payloadDataConverter(parsePayloadKeys(testPayloadKeySet)) },
        JSON.parse(text),
        `replay-${file}`,
      );
    }
  }, 120_000);
});

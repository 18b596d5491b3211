import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { recordedHistories, replayRecordedHistories } from '../../tests/recorded-histories.ts';

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
    await replayRecordedHistories(histories);
  }, 120_000);
});

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { recordedHistories, replayRecordedHistories } from '../../tests/recorded-histories.ts';

// The attendance histories, recorded by tests/attendance.test.ts (`RECORD_HISTORIES=1`) with the
// tests' own payload keys, replayed against the current code: a change to the correction or the
// daily sweep that is not replay-safe (missing `patched()`) fails here, not in production.
const historiesDir = fileURLToPath(new URL('./histories/', import.meta.url));

describe('attendance workflows', () => {
  it('replay every recorded history with the current code: a correction sent back then approved, and the daily sweeps', async () => {
    const histories = await recordedHistories(historiesDir);
    expect(histories.map((h) => h.file)).toEqual(
      expect.arrayContaining([
        'correction-sent-back-then-approved.json',
        'sweep-found-none.json',
        'sweep-started-correction.json',
        'sweep-correction-already-started.json',
      ]),
    );
    await replayRecordedHistories(histories);
  }, 120_000);
});

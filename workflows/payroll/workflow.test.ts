import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { recordedHistories, replayRecordedHistories } from '../../tests/recorded-histories.ts';

// The payroll's histories, recorded by tests/payroll.test.ts and tests/payroll-adjustments.test.ts (`RECORD_HISTORIES=1`) with the tests'
// own payload keys, replayed against the current code: a change to the run or its scheduled start
// that is not replay-safe (missing `patched()`) fails here, not in a month's running payroll.
const historiesDir = fileURLToPath(new URL('./histories/', import.meta.url));

describe('payroll workflows', () => {
  it('replay every recorded history with the current code: a run corrected, sent back, approved and paid, one held by a problem, adjustments, an off-cycle run, and the scheduled start', async () => {
    const histories = await recordedHistories(historiesDir);
    expect(histories.map((h) => h.file)).toEqual(
      expect.arrayContaining([
        'corrected-excluded-sent-back-approved-paid.json',
        'scheduled-start-joined-run-by-hand.json',
        'held-by-a-problem-until-recomputed-paid.json',
        'adjustment-excluded-included-paid.json',
        'off-cycle-paid.json',
        'scheduled-start-by-its-schedule.json',
      ]),
    );
    await replayRecordedHistories(histories);
  }, 120_000);
});

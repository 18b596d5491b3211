import { describe, expect, it } from 'vitest';
import { mentionsIn } from './mentions.ts';

describe('mentions in a comment', () => {
  it('finds each person once, by id, whatever name was written, and ignores look-alikes', () => {
    const a = '6f1e2d3c-4b5a-4968-8776-655443322110';
    const b = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    const body = `@[Ann](${a}) and @[Bob B.](${b.toUpperCase()}), again @[Annie](${a}); not @[Eve](not-an-id) nor [Zed](${b})`;
    expect(mentionsIn(body)).toEqual([
      { userId: a, writtenName: 'Ann' },
      { userId: b, writtenName: 'Bob B.' },
    ]);
  });
});

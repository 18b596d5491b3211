import { describe, expect, it } from 'vitest';
import { digestDay, digestEmailKey, digestWindow, earlierDigestKeys, localTime, longestDigestDays } from './inbox-digest.ts';

// Fixed instants around Berlin's clock changes (2027-03-28 and 2027-10-31) and midnight: the local
// day and the window follow the organisation's calendar, not the server's zone or 24-hour steps.
const berlin = 'Europe/Berlin';

describe('the digest’s local day', () => {
  it('is the organisation’s date, which may differ from the UTC one', () => {
    expect(digestDay(new Date('2027-03-14T23:30:00Z'), berlin)).toBe('2027-03-15');
    expect(digestDay(new Date('2027-03-14T23:30:00Z'), 'UTC')).toBe('2027-03-14');
    expect(digestDay(new Date('2027-03-15T03:00:00Z'), 'America/New_York')).toBe('2027-03-14');
  });

  it('keys one digest per person and day, and knows the keys of the days before', () => {
    expect(digestEmailKey('u1', '2027-03-15')).toBe('digest:u1:2027-03-15');
    const keys = earlierDigestKeys('u1', new Date('2027-03-02T06:00:00Z'), berlin);
    expect(keys).toHaveLength(longestDigestDays);
    expect(keys.slice(0, 3)).toEqual(['digest:u1:2027-03-01', 'digest:u1:2027-02-28', 'digest:u1:2027-02-27']);
  });
});

describe('the digest’s window', () => {
  const at = new Date('2027-03-16T06:00:00Z'); // 07:00 in Berlin (winter time)

  it('starts where the previous digest ended and ends, excluded, at the run', () => {
    const previousEnd = new Date('2027-03-15T06:00:00Z');
    expect(digestWindow(at, berlin, previousEnd)).toEqual({ from: previousEnd, to: at });
  });

  it('a first digest covers the day before, by the local clock across a change to summer time (23 hours)', () => {
    const afterChange = new Date('2027-03-28T05:00:00Z'); // 07:00 CEST
    expect(digestWindow(afterChange, berlin, null).from).toEqual(new Date('2027-03-27T06:00:00Z')); // 07:00 CET
  });

  it('and across the change back to winter time (25 hours)', () => {
    const afterChange = new Date('2027-10-31T06:00:00Z'); // 07:00 CET
    expect(digestWindow(afterChange, berlin, null).from).toEqual(new Date('2027-10-30T05:00:00Z')); // 07:00 CEST
  });

  it('reaches back at most a week, however old the previous digest', () => {
    const monthAgo = new Date('2027-02-14T06:00:00Z');
    expect(digestWindow(at, berlin, monthAgo).from).toEqual(new Date('2027-03-09T06:00:00Z'));
  });

  it('is empty, never reversed, when the previous digest ended after this run', () => {
    expect(digestWindow(at, berlin, new Date('2027-03-17T06:00:00Z'))).toEqual({ from: at, to: at });
  });

  it('a retried or repeated run at the same instant gets the same window', () => {
    const previousEnd = new Date('2027-03-15T06:00:03Z');
    expect(digestWindow(new Date(at), berlin, previousEnd)).toEqual(digestWindow(at, berlin, previousEnd));
  });
});

it('shows instants on the organisation’s clock', () => {
  expect(localTime(new Date('2027-03-15T06:00:00Z'), berlin)).toBe('Mon 15 Mar, 07:00');
  expect(localTime(new Date('2027-03-15T06:00:00Z'), 'Asia/Kolkata')).toBe('Mon 15 Mar, 11:30');
});

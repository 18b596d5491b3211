import { execFileSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';

// What the benchmark and the fault drill share: their settings, the days their requests take, and
// what they record about the run.

/**
 * Now on the machine's monotonic clock, in milliseconds: the same clock in every process here (the
 * benchmark's and its workers'), unlike performance.now(), whose origin is each process's start.
 */
export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;

export function whole(name: string, fallback: number, min: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number of at least ${min}, not "${text}".`);
  return value;
}

export function gitCommit(): string | null {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() !== '';
    return dirty ? `${commit}-dirty` : commit;
  } catch {
    return null;
  }
}

/**
 * Every request takes a working day no other request has, so no request overlaps another and none is
 * refused; unpaid leave has no balance to run out of.
 */
export function workingDays(holidays: Set<string>): () => string {
  const day = new Date();
  day.setUTCHours(12, 0, 0, 0);
  day.setUTCDate(day.getUTCDate() + 7);
  return () => {
    while (day.getUTCDay() === 0 || day.getUTCDay() === 6 || holidays.has(day.toISOString().slice(0, 10)))
      day.setUTCDate(day.getUTCDate() + 1);
    const taken = day.toISOString().slice(0, 10);
    day.setUTCDate(day.getUTCDate() + 1);
    return taken;
  };
}

/** A whole day of unpaid leave (no balance to run out of) under the given request id. */
export function oneDayLeaveForm(requestId: string, day: string, reason: string) {
  return { requestId, leaveTypeCode: 'unpaid', startDate: day, endDate: day, startHalfDay: false, endHalfDay: false, reason };
}

export function progress(message: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}

export interface Summary {
  count: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles. */
export function summarise(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { count: sorted.length, p50: rank(0.5), p95: rank(0.95), max: sorted.at(-1) ?? NaN, mean };
}

export function wholeList(name: string, fallback: number[]): number[] {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const values = text.split(',').map((part) => Number(part.trim()));
  if (values.some((v) => !Number.isInteger(v) || v < 1)) throw new Error(`${name} must list whole numbers of at least 1, not "${text}".`);
  return values;
}

/** Where a benchmark ran: other work on the machine skews absolute figures, so the load is part of them. */
export interface Environment {
  node: string;
  cpus: number;
  loadAverage: { atStart: number[]; atEnd: number[] };
  commit: string | null;
  database: string;
  temporal: string;
}

/** The machine and the servers now, with the load average taken when the run began. */
export function environmentNow(loadAtStart: number[], servers: { database: string; temporal: string }): Environment {
  return {
    node: process.version,
    cpus: availableParallelism(),
    // Other work on the machine skews absolute figures; the ratios are meant to survive it.
    loadAverage: { atStart: loadAtStart, atEnd: loadavg() },
    commit: gitCommit(),
    ...servers,
  };
}

export function loadSummary({ atStart, atEnd }: Environment['loadAverage']): string {
  return `${atStart[0]!.toFixed(1)} at start, ${atEnd[0]!.toFixed(1)} at end (1-min average)`;
}

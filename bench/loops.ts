import { performance } from 'node:perf_hooks';
import { summarise, type Summary } from './run-details.ts';

export interface LoopRun {
  cycles: number;
  seconds: number;
  perSecond: number;
  perLoop: number[];
  cycleMs: Summary;
  /** The measured window (after the warm-up), as `performance.now()` instants. */
  window: { from: number; to: number };
}

/**
 * `concurrency` loops each run `warmup` cycles, then start cycles until `seconds` are up; the
 * cycles running then are finished and counted. `measured` tells a cycle whether it counts.
 * The first failure stops every loop at its next cycle and is thrown.
 */
export async function runLoops(
  concurrency: number,
  timing: { warmup: number; seconds: number },
  cycle: (loop: number, measured: boolean) => Promise<void>,
): Promise<LoopRun> {
  const loops = Array.from({ length: concurrency }, (_, loop) => loop);
  let failed = false;
  const all = async (body: (loop: number) => Promise<number>) => {
    const outcomes = await Promise.allSettled(
      loops.map((loop) =>
        body(loop).catch((err: unknown) => {
          failed = true;
          throw err;
        }),
      ),
    );
    const failure = outcomes.find((o) => o.status === 'rejected');
    if (failure) throw failure.reason;
    return outcomes.map((o) => (o as PromiseFulfilledResult<number>).value);
  };

  await all(async (loop) => {
    for (let i = 0; i < timing.warmup && !failed; i++) await cycle(loop, false);
    return 0;
  });
  const cycleMs: number[] = [];
  const started = performance.now();
  const deadline = started + timing.seconds * 1000;
  const perLoop = await all(async (loop) => {
    let cycles = 0;
    while (performance.now() < deadline && !failed) {
      const cycleStarted = performance.now();
      await cycle(loop, true);
      cycleMs.push(performance.now() - cycleStarted);
      cycles++;
    }
    return cycles;
  });
  const finished = performance.now();
  const seconds = (finished - started) / 1000;
  const cycles = perLoop.reduce((a, b) => a + b, 0);
  return { cycles, seconds, perSecond: cycles / seconds, perLoop, cycleMs: summarise(cycleMs), window: { from: started, to: finished } };
}

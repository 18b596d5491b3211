import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { progress } from './run-details.ts';

/**
 * With `BENCH_CPU_PROFILE=<file>`, the main thread's CPU profile of one phase of a benchmark
 * (open it in Chrome's DevTools or speedscope): where a phase's milliseconds go in this process's
 * one JavaScript thread, without the start-up's bundling around it. Without it, the phase just runs.
 */
export async function profiled<T>(phase: () => Promise<T>): Promise<T> {
  const file = process.env.BENCH_CPU_PROFILE;
  if (!file) return phase();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await phase();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(file, JSON.stringify(profile));
    session.disconnect();
    progress(`CPU profile written to ${file}`);
  }
}

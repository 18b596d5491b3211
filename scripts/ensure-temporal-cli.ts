import { ensureTemporalCli } from '../temporal/binary.ts';

// Finds or builds the Temporal CLI ahead of time, so the first `npm start` or test run does not wait on it.
console.log(`temporal CLI: ${await ensureTemporalCli({ log: (message) => console.log(message) })}`);

import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInterceptors } from '@temporalio/worker';

/**
 * A failed query's message carries its parameters (e-mail addresses, reasons, token hashes), and an
 * activity's failure message is logged and kept in the workflow's history for operators to read.
 * This keeps only the database's own message and code there.
 */
export const quietDatabaseErrors = (): ActivityInterceptors => ({
  inbound: {
    async execute(input, next) {
      try {
        return await next(input);
      } catch (err) {
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        if (err instanceof ApplicationFailure || !cause?.code) throw err;
        // No `cause`: the original error is exactly what must not reach the log or the history.
        // eslint-disable-next-line preserve-caught-error
        throw new Error(`database error ${cause.code}: ${cause.message ?? 'query failed'}`);
      }
    },
  },
});

import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { quietDatabaseErrors } from './quiet-database-errors.ts';

const execute = quietDatabaseErrors().inbound!.execute!;
const input = {} as Parameters<typeof execute>[0];

describe('activity failures from the database', () => {
  it('keep the database message and drop the query with its parameters', async () => {
    const failed = Object.assign(new Error('Failed query: insert into users ...\nparams: ada@example.test,$argon2id$v=19$secret'), {
      cause: { code: '23505', message: 'duplicate key value violates unique constraint "users_email"' },
    });
    const error = await execute(input, () => Promise.reject(failed)).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('database error 23505: duplicate key value violates unique constraint "users_email"');
    expect((error as Error).message).not.toContain('ada@example.test');
  });

  it('let business refusals and other errors through unchanged', async () => {
    const refusal = ApplicationFailure.create({ type: 'LeaveRefused', message: 'overlaps', nonRetryable: true });
    await expect(execute(input, () => Promise.reject(refusal))).rejects.toBe(refusal);
    const plain = new Error('SMTP connection refused');
    await expect(execute(input, () => Promise.reject(plain))).rejects.toBe(plain);
    await expect(execute(input, () => Promise.resolve('done'))).resolves.toBe('done');
  });
});

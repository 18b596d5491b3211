import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
import { HttpError } from './errors.ts';

/** zod at the edge with one hook, so every malformed input gets the same 400 naming its fields. */
export const validate = <Target extends keyof ValidationTargets, Schema extends z.ZodType>(target: Target, schema: Schema) =>
  zValidator(target, schema, (result) => {
    if (!result.success) {
      const details = result.error.issues.map((issue) => ({ path: issue.path.join('.') || target, message: issue.message }));
      throw new HttpError(400, 'invalid_input', `Invalid ${target}: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details);
    }
  });

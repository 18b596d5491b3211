import {
  ApplicationFailure,
  type Client,
  isGrpcServiceError,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { HttpError } from './errors.ts';

// gRPC status codes (grpc/doc/statuscodes.md), the ones a command can meet.
const grpcStatus = { DEADLINE_EXCEEDED: 4, NOT_FOUND: 5, UNAVAILABLE: 14 } as const;

/** How a workflow's refusal (an ApplicationFailure type) reads over HTTP. */
export type FailureAnswers = Record<string, { status: ContentfulStatusCode; code: string }>;

const grpcCodeOf = (err: unknown): number | undefined => {
  if (isGrpcServiceError(err)) return err.code;
  if (err instanceof ServiceError || err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return grpcCodeOf(err.cause);
  return undefined;
};

const reachabilityDeadlineMs = 3000;
/** A server that answered this recently is taken as reachable without asking again. */
const answeredRecentlyMs = 2000;
const lastAnswered = new WeakMap<Client, number>();
const unavailable = () =>
  new HttpError(503, 'temporal_unavailable', 'The process engine is unreachable right now; nothing was saved. Try again in a moment.');

// A cheap round trip first: the client's own retries would otherwise hold the request for many
// seconds before admitting the server is gone, and a command must either start or not. Under load
// that check would double the round trips, so a server that answered in the last moments is trusted.
async function ensureReachable(temporal: Client): Promise<void> {
  if (Date.now() - (lastAnswered.get(temporal) ?? 0) < answeredRecentlyMs) return;
  try {
    await temporal.connection.withDeadline(Date.now() + reachabilityDeadlineMs, () => temporal.workflowService.getSystemInfo({}));
    lastAnswered.set(temporal, Date.now());
  } catch {
    throw unavailable();
  }
}

/**
 * Runs a command against Temporal and turns what can go wrong into clear answers: a validator's
 * refusal into its 4xx, an unreachable or silent server into 503, a finished process into 409.
 */
export async function commandProcess<T>(temporal: Client, answers: FailureAnswers, command: () => Promise<T>): Promise<T> {
  await ensureReachable(temporal);
  try {
    const result = await command();
    lastAnswered.set(temporal, Date.now());
    return result;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      const answer = answers[err.cause.type ?? ''];
      if (answer) {
        const problems = err.cause.details?.[0];
        throw new HttpError(answer.status, answer.code, err.cause.message, Array.isArray(problems) ? problems : undefined);
      }
    }
    if (err instanceof WorkflowNotFoundError || grpcCodeOf(err) === grpcStatus.NOT_FOUND) {
      throw new HttpError(409, 'process_closed', 'This process has already finished.');
    }
    const code = grpcCodeOf(err);
    if (code === grpcStatus.UNAVAILABLE) {
      lastAnswered.delete(temporal);
      throw unavailable();
    }
    if (code === grpcStatus.DEADLINE_EXCEEDED || err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
      throw new HttpError(503, 'process_busy', 'The process engine did not answer in time. Check again shortly before retrying.');
    }
    throw err;
  }
}

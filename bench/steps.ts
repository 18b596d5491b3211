import { performance } from 'node:perf_hooks';
import type { ApiAnswer, HttpUser } from './http-user.ts';

// Waiting for what a step of a benchmark's cycle brings about, with one limit: a step that takes
// longer means the run is broken, not slow.

/** How long any single step may take before the run is declared broken. */
export const stepTimeoutMs = 15_000;

export function expectStatus(answer: ApiAnswer, status: number, what: string): void {
  if (answer.status !== status) throw new Error(`${what} answered ${answer.status}, expected ${status}: ${JSON.stringify(answer.body)}`);
}

/** Probes now and again at each event of `topic` on the user's stream (or each second without one). */
export async function waitFor<T>(user: HttpUser, topic: string, probe: () => Promise<T | undefined | false>, what: string): Promise<T> {
  const deadline = performance.now() + stepTimeoutMs;
  for (;;) {
    const wake = user.nextEvent(topic, 1_000);
    const found = await probe();
    if (found) {
      wake.cancel();
      return found;
    }
    if (performance.now() > deadline) {
      wake.cancel();
      throw new Error(`Timed out after ${stepTimeoutMs / 1000} s waiting for ${what}.`);
    }
    await wake.arrival;
  }
}

export async function eventually(probe: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = performance.now() + stepTimeoutMs;
  while (!(await probe())) {
    if (performance.now() > deadline) throw new Error(`Timed out after ${stepTimeoutMs / 1000} s waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${stepTimeoutMs / 1000} s waiting for ${what}.`)), stepTimeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The user's open task of this case (and kind, and none of `skip`), from the first page of their inbox. */
export async function findTask(
  user: HttpUser,
  caseId: string,
  kind?: string,
  skip: ReadonlySet<string> = new Set(),
): Promise<{ id: string } | undefined> {
  const answer = await user.get('/tasks?sort=newest&limit=200');
  expectStatus(answer, 200, 'GET /api/tasks');
  return (answer.body.tasks as { id: string; caseId: string; kind: string }[]).find(
    (t) => t.caseId === caseId && (!kind || t.kind === kind) && !skip.has(t.id),
  );
}

/** Decides the task as its form asks. */
export async function completeTask(user: HttpUser, taskId: string, values: Record<string, unknown>): Promise<void> {
  expectStatus(await user.post(`/tasks/${taskId}/complete`, { values }), 200, `POST /api/tasks/${taskId}/complete by ${user.name}`);
}

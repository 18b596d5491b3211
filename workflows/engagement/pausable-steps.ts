import { condition } from '@temporalio/workflow';
import type { HumanTaskKit, TaskResult } from '../human-task/kit.ts';
import type { TaskCompletion } from '../human-task/messages.ts';
import type { TaskSpec } from '../human-task/state.ts';

/** Thrown out of a step when the engagement is cancelled: the workflow closes the case. */
export class CaseCancelled extends Error {
  constructor(readonly reason: string | null) {
    super('The engagement was cancelled.');
    this.name = 'CaseCancelled';
  }
}

/**
 * Human steps that a hold or a cancellation interrupts. A hold withdraws the open tasks (nobody
 * works on a held case); on resume each interrupted step opens a new round, so the history keeps
 * both. A cancellation withdraws them and throws `CaseCancelled` out of every waiting step.
 */
export class PausableSteps {
  private heldReason: string | null = null;
  private held = false;
  private cancelled: { reason: string | null } | null = null;

  constructor(private readonly tasks: HumanTaskKit) {}

  get onHold(): boolean {
    return this.held;
  }

  get isCancelled(): boolean {
    return this.cancelled !== null;
  }

  hold(reason: string | null): void {
    this.held = true;
    this.heldReason = reason;
    this.tasks.cancelAll(`On hold${reason ? `: ${reason}` : '.'}`);
  }

  resume(): void {
    this.held = false;
    this.heldReason = null;
  }

  cancel(reason: string | null): void {
    this.cancelled = { reason };
    this.tasks.cancelAll(`Cancelled${reason ? `: ${reason}` : '.'}`);
  }

  get holdReason(): string | null {
    return this.heldReason;
  }

  /** Throws if cancelled; waits out a hold. */
  async checkpoint(): Promise<void> {
    await condition(() => !this.held || this.cancelled !== null);
    if (this.cancelled) throw new CaseCancelled(this.cancelled.reason);
  }

  /** Opens the step and waits for its completion, reopening it after a hold. */
  async decide(spec: TaskSpec & { part?: string }): Promise<TaskCompletion> {
    for (;;) {
      await this.checkpoint();
      const result = await this.tasks.run(spec);
      if (result.status === 'completed') return result.completion;
      await this.checkpoint();
    }
  }

  /**
   * Opens several steps side by side and waits until all are completed, or `stopsEarly` says a
   * completion settles it (a rejection): the others are then withdrawn. A hold reopens the ones
   * still open at the time.
   */
  async decideAll(
    specs: (TaskSpec & { part: string })[],
    stopsEarly: (c: TaskCompletion) => boolean,
  ): Promise<Map<string, TaskCompletion>> {
    const done = new Map<string, TaskCompletion>();
    for (;;) {
      await this.checkpoint();
      const open = specs.filter((s) => !done.has(s.part));
      const keys: [string, string][] = [];
      for (const spec of open) keys.push([spec.part, await this.tasks.open(spec)]);
      const results = new Map<string, TaskResult>();
      await condition(() => {
        for (const [part, key] of keys) {
          const result = this.tasks.result(key);
          if (result && !results.has(part)) results.set(part, result);
        }
        const settled = [...results.values()].some((r) => r.status === 'completed' && stopsEarly(r.completion));
        return settled || results.size === keys.length;
      });
      for (const [part, result] of results) if (result.status === 'completed') done.set(part, result.completion);
      if ([...done.values()].some(stopsEarly)) {
        for (const [, key] of keys) this.tasks.cancel(key, 'No longer needed: another department rejected it.');
        return done;
      }
      if (done.size === specs.length) return done;
      await this.checkpoint();
    }
  }
}

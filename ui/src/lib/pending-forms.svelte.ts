import type { SubmitFunction } from '@sveltejs/kit';

type UpdateOptions = { reset?: boolean; invalidateAll?: boolean };

/**
 * Which of a page's forms waits for its answer, so that its button is disabled meanwhile:
 * `use:enhance={pending.enhance('password')}` and `disabled={pending.isPending('password')}`.
 */
export class PendingForms {
  #form = $state<string | null>(null);

  /** Whether the form of this name is waiting; without a name, whether any is. */
  isPending(form?: string): boolean {
    return form === undefined ? this.#form !== null : this.#form === form;
  }

  /** For `use:enhance`: the form is pending until its answer is in and the page updated (`options` as `update`'s). */
  enhance(form = 'form', options?: UpdateOptions): SubmitFunction {
    return () => {
      this.#form = form;
      return async ({ update }) => {
        await update(options);
        this.#form = null;
      };
    };
  }
}

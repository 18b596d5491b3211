import { tick } from 'svelte';
import type { FieldErrors } from '$lib/field-errors';
import { isBlankRow } from './form-rows';

/**
 * The rows of an editor (a quote's lines, a plan's items, a structure's components), each with an id
 * so that its inputs keep what was typed when another row goes. They start from the rows given once;
 * without JavaScript the page keeps them all (its blank rows to fill), with it one blank row is
 * enough, and rows can be added and removed. The inputs are not bound: `changed` reads the form when
 * the rows change.
 */
export class EditableRows<Text extends Record<string, string>> {
  rows: { id: number; text: Text }[] = $state([]);
  enhanced = $state(false);
  #nextId = 0;
  #staleErrors: FieldErrors | null = $state(null);

  constructor(
    startWith: Text[],
    private readonly blank: () => Text,
    private readonly changed: () => void,
    private readonly ignoredInBlank: readonly string[] = [],
  ) {
    this.rows = startWith.map((text) => ({ id: this.#nextId++, text }));
  }

  /** From `onMount`: the page runs JavaScript. */
  async enhance() {
    this.enhanced = true;
    const isBlank = (row: { text: Text }) => isBlankRow(row.text, this.ignoredInBlank);
    const blank = this.rows.find(isBlank);
    this.rows = [...this.rows.filter((row) => !isBlank(row)), ...(blank ? [blank] : [])];
    await tick();
    this.changed();
  }

  async add() {
    this.rows.push({ id: this.#nextId++, text: this.blank() });
    await tick();
    this.changed();
  }

  /** `shown`: the errors on screen, which name rows by position and so no longer fit. */
  async remove(id: number, shown: FieldErrors) {
    this.rows = this.rows.filter((row) => row.id !== id);
    this.#staleErrors = shown;
    await tick();
    this.changed();
  }

  /** The server's errors, unless a row was removed since they came. */
  errorsOf(fieldErrors: FieldErrors): FieldErrors {
    return fieldErrors === this.#staleErrors ? {} : fieldErrors;
  }
}

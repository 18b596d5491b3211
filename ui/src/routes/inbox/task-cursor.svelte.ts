import { shortcutKey, type Shortcut } from '$lib/keyboard-shortcuts';

export const taskListKeys: Shortcut[] = [
  { keys: ['j', '↓'], does: 'Next task (↓ once a task has the focus)' },
  { keys: ['k', '↑'], does: 'Previous task' },
  { keys: ['Enter', 'o'], does: 'Open the task' },
  { keys: ['x'], does: 'Select the task for a decision with others, or take it out' },
];

const ROW = 'tr[data-task-id]';

/**
 * The inbox's keyboard cursor: j and k move the real focus from task link to task link, so the
 * browser's own focus ring, Enter and screen readers all follow; the task last reached stays marked
 * (`aria-current`) while the focus is elsewhere on the page.
 */
export class TaskCursor {
  /** The list's section, bound by the page. */
  list: HTMLElement | undefined;
  taskId: string | null = $state(null);
  /** Said to screen readers when `x` selects a task or takes it out, since the focus stays on its link. */
  said = $state('');

  /** Keeps the cursor on the row that has the focus, however it got there (Tab, a click, j or k). */
  follow(event: FocusEvent) {
    const row = event.target instanceof Element ? event.target.closest<HTMLElement>(ROW) : null;
    if (row?.dataset.taskId) this.taskId = row.dataset.taskId;
  }

  onKeydown(event: KeyboardEvent) {
    const key = shortcutKey(event);
    const rows = [...(this.list?.querySelectorAll<HTMLElement>(ROW) ?? [])];
    if (key === null || rows.length === 0) return;
    const at = rows.findIndex((row) => row.dataset.taskId === this.taskId);
    // The arrows scroll the page as usual until a task has the focus.
    const inList = document.activeElement?.closest(ROW) != null;
    const step = key === 'j' || (inList && key === 'ArrowDown') ? 1 : key === 'k' || (inList && key === 'ArrowUp') ? -1 : 0;
    const row = step === 0 ? rows[at] : rows[at === -1 ? 0 : Math.min(Math.max(at + step, 0), rows.length - 1)];
    const link = row?.querySelector<HTMLAnchorElement>('a[data-task-link]');
    if (!row || !link) return;
    if (step !== 0) link.focus();
    else if (key === 'o') link.click();
    else if (key === 'x') this.toggleSelected(row, link.innerText);
    else return;
    event.preventDefault();
  }

  private toggleSelected(row: HTMLElement, title: string) {
    const box = row.querySelector<HTMLInputElement>('input[type="checkbox"][name="taskId"]');
    if (!box) {
      this.said = `${title} cannot be decided together with others.`;
      return;
    }
    box.click();
    this.said = box.checked ? `${title} selected.` : `${title} no longer selected.`;
  }
}

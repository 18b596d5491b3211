/** One line of a page's shortcut help: the keys, and what they do there. */
export type Shortcut = { keys: string[]; does: string };

// Keys that a focused checkbox or radio button answers itself (moving within its group, ticking).
const CONTROL_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', ' ', 'Enter']);

function ownsKey(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.closest('dialog')) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return target.type === 'checkbox' || target.type === 'radio' ? CONTROL_KEYS.has(key) : true;
  return false;
}

/**
 * The key this press means as a page shortcut, or null: while typing in a field (or with the
 * shortcut help open), with Ctrl, Alt or Meta held, or already handled. Shift counts only in `?`,
 * which most layouts type with it; Shift with a letter or an arrow means something else.
 */
export function shortcutKey(event: KeyboardEvent): string | null {
  if (event.defaultPrevented || event.isComposing || event.ctrlKey || event.altKey || event.metaKey) return null;
  if (event.shiftKey && event.key !== '?') return null;
  return ownsKey(event.target, event.key) ? null : event.key;
}

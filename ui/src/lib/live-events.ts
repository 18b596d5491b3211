import { navigating } from '$app/state';

// One EventSource per tab, shared by the layout and the page, since browsers allow few connections
// per origin.

export type LiveEventKind = 'tasks' | 'leave' | 'notifications';

type Subscription = { kind: LiveEventKind; notify: () => void };

const KINDS: LiveEventKind[] = ['tasks', 'leave', 'notifications'];
const subscriptions = new Set<Subscription>();
let source: EventSource | null = null;

function connect(): EventSource {
  const events = new EventSource('/api/events');
  for (const kind of KINDS) {
    events.addEventListener(kind, () => notify((subscription) => subscription.kind === kind));
  }
  let opened = false;
  // Events sent while the connection was down are lost, so everyone reloads after a reconnect.
  events.addEventListener('open', () => {
    if (opened) notify(() => true);
    opened = true;
  });
  return events;
}

function notify(matches: (subscription: Subscription) => boolean) {
  for (const subscription of subscriptions) {
    if (matches(subscription)) afterNavigation(subscription.notify);
  }
}

/**
 * SvelteKit keeps only the latest of a navigation and an invalidation: reloading while a form's
 * redirect is being followed would cancel it (deciding a task sends its own `tasks` event).
 */
function afterNavigation(callback: () => void) {
  if (navigating.to) setTimeout(() => afterNavigation(callback), 100);
  else callback();
}

/** Calls `notify` on each server event of this kind; returns the unsubscribe function. */
export function onLiveEvent(kind: LiveEventKind, notify: () => void): () => void {
  const subscription = { kind, notify };
  subscriptions.add(subscription);
  source ??= connect();
  return () => {
    subscriptions.delete(subscription);
    if (subscriptions.size === 0) {
      source?.close();
      source = null;
    }
  };
}

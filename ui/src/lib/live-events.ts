import { navigating } from '$app/state';

// One EventSource per tab, shared by the layout and the page, since browsers allow few connections
// per origin.

export type LiveEventKind = 'tasks' | 'leave' | 'notifications' | 'comments';

/** What an event says beyond its kind: a `comments` event names its task. Empty after a reconnect, when anything may have changed. */
export type LiveEventDetail = { taskId?: string };

type Subscription = { kind: LiveEventKind; notify: (detail: LiveEventDetail) => void };

const KINDS: LiveEventKind[] = ['tasks', 'leave', 'notifications', 'comments'];
const subscriptions = new Set<Subscription>();
let source: EventSource | null = null;

function detailOf(event: MessageEvent<string>): LiveEventDetail {
  try {
    const { taskId } = JSON.parse(event.data) as LiveEventDetail;
    return typeof taskId === 'string' ? { taskId } : {};
  } catch {
    return {};
  }
}

function connect(): EventSource {
  const events = new EventSource('/api/events');
  for (const kind of KINDS) {
    events.addEventListener(kind, (event) => notify((subscription) => subscription.kind === kind, detailOf(event)));
  }
  let opened = false;
  // Events sent while the connection was down are lost, so everyone reloads after a reconnect.
  events.addEventListener('open', () => {
    if (opened) notify(() => true, {});
    opened = true;
  });
  return events;
}

function notify(matches: (subscription: Subscription) => boolean, detail: LiveEventDetail) {
  for (const subscription of subscriptions) {
    if (matches(subscription)) afterNavigation(() => subscription.notify(detail));
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
export function onLiveEvent(kind: LiveEventKind, notify: (detail: LiveEventDetail) => void): () => void {
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

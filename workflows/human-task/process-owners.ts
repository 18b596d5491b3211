import type { TaskQueue } from './state.ts';

/**
 * Where a task goes when nobody can take it (no-one up the line, an empty queue): the people who
 * own the organisation's processes. A task never stalls silently.
 */
export const processOwnersQueue: TaskQueue = { role: 'process_owner', label: 'Process owners' };

import { activityInfo } from '@temporalio/activity';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { tasks, users } from '../db/schema/index.ts';
import type { TaskForm } from '../workflows/human-task/form.ts';
import type { Actor } from '../workflows/human-task/messages.ts';
import { recordCaseEvent } from './case-events.ts';
import type { Mailer } from './mailer.ts';
import { announce } from './platform-events.ts';
import { nextUpTheLine } from './reporting-line.ts';

export interface TaskRowInput {
  orgId: string;
  taskKey: string;
  kind: string;
  title: string;
  caseType: string;
  caseId: string;
}

export interface TaskActivityDeps {
  db: Db;
  mailer: Mailer;
  appUrl: string;
}

// Rows are keyed by (workflow id, task key): the workflow id comes from the activity's own
// context, so a task can never be written into another process's row.
const workflowId = (): string => {
  const execution = activityInfo().workflowExecution;
  if (!execution) throw new Error('Task activities run only inside a workflow');
  return execution.workflowId;
};

export function createTaskActivities({ db, mailer, appUrl }: TaskActivityDeps) {
  const taskRow = (taskKey: string) => and(eq(tasks.workflowId, workflowId()), eq(tasks.taskKey, taskKey))!;
  const loadTask = async (taskKey: string) => {
    const [row] = await db.select().from(tasks).where(taskRow(taskKey));
    if (!row) throw new Error(`Task ${workflowId()}/${taskKey} has no row`);
    return row;
  };
  const loadUser = async (id: string) => {
    const [user] = await db.select().from(users).where(eq(users.id, id));
    if (!user) throw new Error(`User ${id} does not exist`);
    return user;
  };
  const taskLink = (taskId: string) => `${appUrl}/inbox/${taskId}`;

  return {
    async openTask(input: TaskRowInput & { assigneeId: string; form: TaskForm; dueAt: string | null }): Promise<void> {
      await db.transaction(async (tx) => {
        const inserted = await tx
          .insert(tasks)
          .values({
            orgId: input.orgId,
            workflowId: workflowId(),
            taskKey: input.taskKey,
            kind: input.kind,
            title: input.title,
            caseType: input.caseType,
            caseId: input.caseId,
            assigneeId: input.assigneeId,
            form: input.form,
            dueAt: input.dueAt ? new Date(input.dueAt) : null,
          })
          .onConflictDoNothing({ target: [tasks.workflowId, tasks.taskKey] })
          .returning({ id: tasks.id });
        if (inserted.length > 0) await announce(tx, { orgId: input.orgId, userIds: [input.assigneeId], topic: 'tasks' });
      });
    },

    async remindTask(input: TaskRowInput & { assigneeId: string }): Promise<void> {
      const task = await loadTask(input.taskKey);
      const assignee = await loadUser(input.assigneeId);
      await mailer.send({
        key: `${workflowId()}:${input.taskKey}:reminder`,
        orgId: input.orgId,
        to: assignee.email,
        subject: `Reminder: ${input.title}`,
        text: `Hello ${assignee.name},\n\n"${input.title}" is still waiting for your decision.\n\nOpen it: ${taskLink(task.id)}\n`,
      });
      await recordCaseEvent(db, {
        orgId: input.orgId,
        caseId: input.caseId,
        eventKey: `${input.taskKey}:reminded`,
        kind: 'reminded',
        actorId: null,
        note: `${assignee.name} was reminded by e-mail.`,
        at: new Date(),
      });
    },

    /** Hands the task up the reporting line (or to HR); null when there is nobody to take it. */
    async escalateTask(
      input: TaskRowInput & { fromAssigneeId: string; excludedIds: string[] },
    ): Promise<{ id: string; name: string } | null> {
      const from = await loadUser(input.fromAssigneeId);
      const target = await nextUpTheLine(db, from, input.excludedIds);
      if (!target) return null;
      const task = await loadTask(input.taskKey);
      await db.transaction(async (tx) => {
        await tx
          .update(tasks)
          .set({
            assigneeId: target.id,
            escalatedAt: sql`coalesce(${tasks.escalatedAt}, now())`,
            alsoAllowedIds: sql`case when ${from.id}::uuid = any(${tasks.alsoAllowedIds}) then ${tasks.alsoAllowedIds} else array_append(${tasks.alsoAllowedIds}, ${from.id}::uuid) end`,
          })
          .where(and(taskRow(input.taskKey), eq(tasks.status, 'open')));
        await recordCaseEvent(tx, {
          orgId: input.orgId,
          caseId: input.caseId,
          eventKey: `${input.taskKey}:escalated`,
          kind: 'escalated',
          actorId: null,
          note: `No decision from ${from.name} in time; escalated to ${target.name}.`,
          at: new Date(),
        });
        await announce(tx, { orgId: input.orgId, userIds: [target.id, from.id], topic: 'tasks' });
      });
      await mailer.send({
        key: `${workflowId()}:${input.taskKey}:escalated`,
        orgId: input.orgId,
        to: target.email,
        subject: `Escalated to you: ${input.title}`,
        text: `Hello ${target.name},\n\n"${input.title}" had no decision from ${from.name} in time and now waits for yours.\n\nOpen it: ${taskLink(task.id)}\n`,
      });
      return { id: target.id, name: target.name };
    },

    async reassignTask(
      input: TaskRowInput & {
        fromAssigneeId: string;
        to: { id: string; name: string; email: string };
        actor: Actor;
        reason: string | null;
        at: string;
      },
    ): Promise<void> {
      const task = await loadTask(input.taskKey);
      await db.transaction(async (tx) => {
        await tx
          .update(tasks)
          .set({ assigneeId: input.to.id, alsoAllowedIds: [] })
          .where(and(taskRow(input.taskKey), eq(tasks.status, 'open')));
        await recordCaseEvent(tx, {
          orgId: input.orgId,
          caseId: input.caseId,
          // One event per reassignment: the instant tells two reassignments of one task apart.
          eventKey: `${input.taskKey}:reassigned:${input.at}`,
          kind: 'reassigned',
          actorId: input.actor.userId,
          note: `Reassigned to ${input.to.name}${input.reason ? `: ${input.reason}` : '.'}`,
          at: new Date(input.at),
        });
        await announce(tx, { orgId: input.orgId, userIds: [input.to.id, input.fromAssigneeId], topic: 'tasks' });
      });
      await mailer.send({
        key: `${workflowId()}:${input.taskKey}:reassigned:${input.at}`,
        orgId: input.orgId,
        to: input.to.email,
        subject: `Assigned to you: ${input.title}`,
        text: `Hello ${input.to.name},\n\n${input.actor.name} handed "${input.title}" to you${input.reason ? ` (${input.reason})` : ''}.\n\nOpen it: ${taskLink(task.id)}\n`,
      });
    },

    async closeTask(
      input: TaskRowInput & { status: 'completed' | 'cancelled'; outcome: unknown; actorId: string | null; completedAt: string },
    ): Promise<void> {
      await db.transaction(async (tx) => {
        const closed = await tx
          .update(tasks)
          .set({ status: input.status, outcome: input.outcome, completedBy: input.actorId, completedAt: new Date(input.completedAt) })
          .where(and(taskRow(input.taskKey), eq(tasks.status, 'open')))
          .returning({ assigneeId: tasks.assigneeId, alsoAllowedIds: tasks.alsoAllowedIds });
        const holders = closed.flatMap((t) => [...(t.assigneeId ? [t.assigneeId] : []), ...t.alsoAllowedIds]);
        if (holders.length > 0) await announce(tx, { orgId: input.orgId, userIds: holders, topic: 'tasks' });
      });
    },
  };
}

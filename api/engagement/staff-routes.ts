import { and, eq, inArray } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { engagementSettings, quotes, users, workItems } from '../../db/schema/index.ts';
import {
  cancelEngagementUpdate,
  followUpNowUpdate,
  holdEngagementUpdate,
  logTimeUpdate,
  resumeEngagementUpdate,
  startWorkUpdate,
  submitQuoteUpdate,
  submitWorkPlanUpdate,
  workItemWorkflowId,
} from '../../workflows/engagement/messages.ts';
import { deniedRecord } from '../access/denied.ts';
import { caseTimeline } from '../cases/timeline.ts';
import type { AppEnv } from '../context.ts';
import { HttpError, unprocessable } from '../errors.ts';
import { commandProcess } from '../temporal-errors.ts';
import { validate } from '../validation.ts';
import { assignablePeople } from './assignable-people.ts';
import { captureLead } from './capture.ts';
import { commandEngagement, engagementActor, engagementFailureAnswers } from './commands.ts';
import { quotePdfResponse } from './quote-document.ts';
import { engagementDetail, findEngagement, listPipeline, presentEngagement, workItemsOf } from './read-model.ts';
import {
  engagementIdParam,
  leadSchema,
  manageSchema,
  pipelineQuery,
  quoteSchema,
  quoteVersionParam,
  timeEntrySchema,
  workPlanSchema,
} from './schemas.ts';
import { engagementSettingsOf } from './settings.ts';
import { settingsSchema } from './settings-schema.ts';

export const leadRoutes = new Hono<AppEnv>()
  // What the lead form needs from the organisation: the currency its budget is in.
  .get('/form', async (c) => c.json({ currency: (await engagementSettingsOf(c.var.deps.db, c.var.user.orgId)).currency }))
  .post('/', validate('json', leadSchema), async (c) => {
    const user = c.var.user;
    const { engagementId, created } = await captureLead(c.var.deps, {
      orgId: user.orgId,
      capturedBy: user,
      via: 'staff',
      form: c.req.valid('json'),
      address: c.var.clientAddress,
    });
    const engagement = await findEngagement(c.var.deps.db, user.orgId, engagementId);
    if (!engagement) throw new HttpError(503, 'process_busy', 'The lead was accepted but is not recorded yet.');
    return c.json({ engagement: await engagementDetail(c.var.deps.db, engagement) }, created ? 201 : 200);
  });

const itemParam = engagementIdParam.extend({ key: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be a work item key') });

export const engagementRoutes = new Hono<AppEnv>()
  .get('/', validate('query', pipelineQuery), async (c) =>
    c.json(await listPipeline(c.var.deps.db, c.var.user.orgId, c.req.valid('query'))),
  )
  .get('/:id', validate('param', engagementIdParam), async (c) => {
    const { db } = c.var.deps;
    const { id } = c.req.valid('param');
    const engagement = await findEngagement(db, c.var.user.orgId, id);
    if (!engagement) throw await deniedRecord(c, 'engagement', id);
    return c.json({
      engagement: await engagementDetail(db, engagement),
      timeline: await caseTimeline(db, c.var.user.orgId, id, 'engagement'),
    });
  })
  // An assignee's own items, for people who do the work but may not see engagements: nothing else of it.
  .get('/:id/my-work', validate('param', engagementIdParam), async (c) => {
    const { db } = c.var.deps;
    const { id } = c.req.valid('param');
    const engagement = await findEngagement(db, c.var.user.orgId, id);
    const items = engagement ? await workItemsOf(db, engagement.id, c.var.user.id) : [];
    if (!engagement || items.length === 0) throw await deniedRecord(c, 'engagement', id);
    const { title, stage, stageLabel, status } = presentEngagement(engagement);
    return c.json({ engagement: { id, title, stage, stageLabel, status }, workItems: items });
  })
  .get('/:id/assignable-people', validate('param', engagementIdParam), async (c) => {
    const { db } = c.var.deps;
    const { id } = c.req.valid('param');
    if (!(await findEngagement(db, c.var.user.orgId, id))) throw await deniedRecord(c, 'engagement', id);
    return c.json({ people: await assignablePeople(db, c.var.user.orgId) });
  })
  .post('/:id/quote', validate('param', engagementIdParam), validate('json', quoteSchema), async (c) => {
    const { id } = c.req.valid('param');
    if (!(await findEngagement(c.var.deps.db, c.var.user.orgId, id))) throw await deniedRecord(c, 'engagement', id);
    const result = await commandEngagement(c.var.deps.temporal, id, (handle) =>
      handle.executeUpdate(submitQuoteUpdate, {
        args: [{ actor: engagementActor(c.var.user, c.var.clientAddress), lines: c.req.valid('json').lines }],
      }),
    );
    return c.json({ quote: result }, 201);
  })
  .get('/:id/quotes/:version/pdf', validate('param', quoteVersionParam), async (c) => {
    const { id, version } = c.req.valid('param');
    const [quote] = await c.var.deps.db
      .select()
      .from(quotes)
      .where(and(eq(quotes.orgId, c.var.user.orgId), eq(quotes.engagementId, id), eq(quotes.version, version)));
    if (!quote) throw await deniedRecord(c, 'quote', `${id}/${version}`);
    return quotePdfResponse(c, quote);
  })
  .post('/:id/work-plan', validate('param', engagementIdParam), validate('json', workPlanSchema), async (c) => {
    const { db, temporal } = c.var.deps;
    const { id } = c.req.valid('param');
    if (!(await findEngagement(db, c.var.user.orgId, id))) throw await deniedRecord(c, 'engagement', id);
    const { items } = c.req.valid('json');
    // Each assignee must be someone here who may do the work: the workflow cannot ask the database.
    const ids = [...new Set(items.map((i) => i.assigneeId))];
    const people = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.orgId, c.var.user.orgId), eq(users.active, true), inArray(users.id, ids)));
    const unknown = items.flatMap((item, i) =>
      people.some((p) => p.id === item.assigneeId)
        ? []
        : [{ path: `items.${i}.assigneeId`, message: 'is nobody active in the organisation' }],
    );
    if (unknown.length > 0) throw unprocessable('invalid_input', 'Some items are given to nobody who can do them.', unknown);
    const result = await commandEngagement(temporal, id, (handle) =>
      handle.executeUpdate(submitWorkPlanUpdate, {
        args: [
          {
            actor: engagementActor(c.var.user, c.var.clientAddress),
            items: items.map((i) => ({ ...i, parentKey: i.parentKey ?? null, dueOn: i.dueOn ?? null })),
          },
        ],
      }),
    );
    return c.json(result, 201);
  })
  .post('/:id/items/:key/start', validate('param', itemParam), async (c) => {
    const { workflowId } = await currentItem(c, c.req.valid('param'));
    const actor = { userId: c.var.user.id, name: c.var.user.name, address: c.var.clientAddress };
    return c.json(
      await commandProcess(c.var.deps.temporal, engagementFailureAnswers, () =>
        c.var.deps.temporal.workflow.getHandle(workflowId).executeUpdate(startWorkUpdate, { args: [{ actor }] }),
      ),
    );
  })
  .post('/:id/items/:key/time', validate('param', itemParam), validate('json', timeEntrySchema), async (c) => {
    const { workflowId } = await currentItem(c, c.req.valid('param'));
    const entry = c.req.valid('json');
    const actor = { userId: c.var.user.id, name: c.var.user.name, address: c.var.clientAddress };
    const result = await commandProcess(c.var.deps.temporal, engagementFailureAnswers, () =>
      c.var.deps.temporal.workflow.getHandle(workflowId).executeUpdate(logTimeUpdate, {
        args: [{ actor, minutes: entry.minutes, loggedOn: entry.loggedOn, note: entry.note, entryKey: entry.entryId }],
        // The entry's id as the update's: a double click is one update, and one entry.
        updateId: `time-${entry.entryId}`,
      }),
    );
    return c.json(result, 201);
  })
  .post('/:id/hold', validate('param', engagementIdParam), validate('json', manageSchema), (c) =>
    manage(c, 'hold', c.req.valid('param').id, c.req.valid('json').reason),
  )
  .post('/:id/resume', validate('param', engagementIdParam), validate('json', manageSchema), (c) =>
    manage(c, 'resume', c.req.valid('param').id, c.req.valid('json').reason),
  )
  .post('/:id/cancel', validate('param', engagementIdParam), validate('json', manageSchema), (c) =>
    manage(c, 'cancel', c.req.valid('param').id, c.req.valid('json').reason),
  )
  .post('/:id/follow-up-now', validate('param', engagementIdParam), validate('json', manageSchema), (c) =>
    manage(c, 'follow-up-now', c.req.valid('param').id, c.req.valid('json').reason),
  );

type ItemContext = Context<AppEnv>;

/** The work item's running round; only its assignee reaches it (the workflow checks that too). */
async function currentItem(c: ItemContext, { id, key }: { id: string; key: string }) {
  const [item] = await c.var.deps.db
    .select()
    .from(workItems)
    .where(and(eq(workItems.orgId, c.var.user.orgId), eq(workItems.engagementId, id), eq(workItems.key, key)));
  if (!item) throw await deniedRecord(c, 'work_item', `${id}/${key}`);
  return { item, workflowId: workItemWorkflowId(id, key, item.round) };
}

const manageUpdates = {
  hold: holdEngagementUpdate,
  resume: resumeEngagementUpdate,
  cancel: cancelEngagementUpdate,
  'follow-up-now': followUpNowUpdate,
};

async function manage(c: ItemContext, what: keyof typeof manageUpdates, id: string, reason: string | null) {
  const { db, temporal } = c.var.deps;
  if (!(await findEngagement(db, c.var.user.orgId, id))) throw await deniedRecord(c, 'engagement', id);
  await commandEngagement(temporal, id, (handle) =>
    handle.executeUpdate(manageUpdates[what], { args: [{ actor: engagementActor(c.var.user, c.var.clientAddress), reason }] }),
  );
  const engagement = await findEngagement(db, c.var.user.orgId, id);
  return c.json({ engagement: await engagementDetail(db, engagement!) });
}

export const engagementSettingsRoutes = new Hono<AppEnv>()
  .get('/', async (c) => c.json({ settings: await engagementSettingsOf(c.var.deps.db, c.var.user.orgId) }))
  .put('/', validate('json', settingsSchema), async (c) => {
    const orgId = c.var.user.orgId;
    const settings = c.req.valid('json');
    const values = { ...settings, updatedAt: new Date() };
    await c.var.deps.db.transaction(async (tx) => {
      await tx
        .insert(engagementSettings)
        .values({ orgId, ...values })
        .onConflictDoUpdate({ target: engagementSettings.orgId, set: values });
      await c.var.audit({ kind: 'engagement.settings_changed', targetType: 'organization', targetId: orgId, detail: { ...settings } });
    });
    return c.json({ settings: await engagementSettingsOf(c.var.deps.db, orgId) });
  });

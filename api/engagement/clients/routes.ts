import { Hono, type Context } from 'hono';
import { deniedRecord } from '../../access/denied.ts';
import type { AppEnv } from '../../context.ts';
import { csvDocument } from '../../csv.ts';
import { validate } from '../../validation.ts';
import { clientDetail, findClient, organizationToday } from './detail.ts';
import { allClients, listClients } from './list.ts';
import {
  clientExportQuery,
  clientIdParam,
  clientListQuery,
  contactChangeSchema,
  contactParams,
  followUpParams,
  followUpSchema,
  interactionSchema,
  newContactSchema,
  noteSchema,
  tagParams,
  tagSchema,
} from './schemas.ts';
import { addContact, addNote, changeContact, changeTags, finishFollowUp, recordInteraction, scheduleFollowUp } from './writes.ts';

type ClientContext = Context<AppEnv>;

const today = (c: ClientContext) => organizationToday(c.var.deps.db, c.var.user.orgId, c.var.deps.now?.() ?? new Date());

/** The organisation's client, or the same 404 (and audit entry) for one that is not there or not its. */
async function clientOr404(c: ClientContext, id: string) {
  const client = await findClient(c.var.deps.db, c.var.user.orgId, id);
  if (!client) throw await deniedRecord(c, 'client', id);
  return client;
}

const created = (c: ClientContext, body: object, isNew: boolean) => c.json(body, isNew ? 201 : 200);

/** Client records, mounted at `/clients`: read with engagements:view, written with leads:capture. */
export const clientRoutes = new Hono<AppEnv>()
  .get('/', validate('query', clientListQuery), async (c) =>
    c.json(await listClients(c.var.deps.db, c.var.user.orgId, c.req.valid('query'), await today(c))),
  )
  .get('/:id', validate('param', clientIdParam), async (c) => {
    const client = await clientOr404(c, c.req.valid('param').id);
    return c.json(await clientDetail(c.var.deps.db, client, await today(c)));
  })
  .post('/:id/notes', validate('param', clientIdParam), validate('json', noteSchema), async (c) => {
    const client = await clientOr404(c, c.req.valid('param').id);
    const { row, created: isNew } = await addNote(c, client, c.req.valid('json'));
    return created(c, { note: { id: row.id, body: row.body, createdAt: row.createdAt } }, isNew);
  })
  .post('/:id/interactions', validate('param', clientIdParam), validate('json', interactionSchema), async (c) => {
    const client = await clientOr404(c, c.req.valid('param').id);
    const { row, created: isNew } = await recordInteraction(c, client, c.req.valid('json'));
    const { id, kind, occurredOn, outcome, note, contactId } = row;
    return created(c, { interaction: { id, kind, occurredOn, outcome, note, contactId } }, isNew);
  })
  .post('/:id/follow-ups', validate('param', clientIdParam), validate('json', followUpSchema), async (c) => {
    const client = await clientOr404(c, c.req.valid('param').id);
    const { row, created: isNew } = await scheduleFollowUp(c, client, c.req.valid('json'));
    return created(
      c,
      { followUp: { id: row.id, dueOn: row.dueOn, subject: row.subject, ownerId: row.ownerId, doneAt: row.doneAt } },
      isNew,
    );
  })
  .post('/:id/follow-ups/:followUpId/done', validate('param', followUpParams), async (c) => {
    const { id, followUpId } = c.req.valid('param');
    const done = await finishFollowUp(c, await clientOr404(c, id), followUpId);
    if (!done) throw await deniedRecord(c, 'client_follow_up', followUpId);
    return c.json({ followUp: { id: done.id, doneAt: done.doneAt } });
  })
  .post('/:id/contacts', validate('param', clientIdParam), validate('json', newContactSchema), async (c) => {
    const client = await clientOr404(c, c.req.valid('param').id);
    const { contact, created: isNew } = await addContact(c, client, c.req.valid('json'));
    return created(c, { contact }, isNew);
  })
  .put('/:id/contacts/:contactId', validate('param', contactParams), validate('json', contactChangeSchema), async (c) => {
    const { id, contactId } = c.req.valid('param');
    const contact = await changeContact(c, await clientOr404(c, id), contactId, c.req.valid('json'));
    if (!contact) throw await deniedRecord(c, 'client_contact', contactId);
    return c.json({ contact });
  })
  .post('/:id/tags', validate('param', clientIdParam), validate('json', tagSchema), async (c) => {
    const client = await clientOr404(c, c.req.valid('param').id);
    return c.json({ tags: await changeTags(c, client, c.req.valid('json').tag, 'add') });
  })
  .delete('/:id/tags/:tag', validate('param', tagParams), async (c) => {
    const { id, tag } = c.req.valid('param');
    return c.json({ tags: await changeTags(c, await clientOr404(c, id), tag, 'remove') });
  });

const csvColumns = ['name', 'tags', 'contacts', 'openEngagements', 'nextFollowUpOn', 'createdAt'] as const;

/** `GET /api/clients.csv`: every client the list's filters match, for a spreadsheet; the export is audited. */
export const clientExportRoutes = new Hono<AppEnv>().get('/', validate('query', clientExportQuery), async (c) => {
  const filters = c.req.valid('query');
  const day = await today(c);
  const rows: Record<(typeof csvColumns)[number], unknown>[] = [];
  for await (const client of allClients(c.var.deps.db, c.var.user.orgId, filters, day)) {
    rows.push({
      ...client,
      tags: client.tags.join('; '),
      contacts: client.contacts.map((p) => (p.email ? `${p.name} <${p.email}>` : p.name)).join('; '),
    });
  }
  await c.var.audit({
    kind: 'clients.exported',
    targetType: 'organization',
    targetId: c.var.user.orgId,
    detail: { filters, rows: rows.length },
  });
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="clients-${day}.csv"`);
  return c.body(csvDocument(csvColumns, rows));
});

import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../../db/client.ts';
import { clientContacts, clientFollowUps, clients, engagements } from '../../../db/schema/index.ts';
import type { CalendarDate } from '../../../domain/calendar.ts';
import { HttpError } from '../../errors.ts';
import type { ClientFilters } from './schemas.ts';

// The clients list: filtered, searched, in name order, a page at a time after a keyset cursor (the
// last row's name and id), so a page never skips or repeats a client however many there are.

/** Engagements still under way: not yet delivered, lost or cancelled. */
const unfinished = sql`${engagements.status} in ('open', 'on_hold')`;

const escapeLike = (word: string) => word.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** Each word somewhere: in the name, in a contact's name or e-mail, or in a tag. */
function matchesWord(word: string): SQL {
  const pattern = `%${escapeLike(word)}%`;
  return sql`(${clients.name} ilike ${pattern}
    or exists (select 1 from ${clientContacts} where ${clientContacts.clientId} = ${clients.id}
      and (${clientContacts.name} ilike ${pattern} or ${clientContacts.email} ilike ${pattern}))
    or exists (select 1 from unnest(${clients.tags}) as tag where tag ilike ${pattern}))`;
}

const hasUnfinishedEngagement = sql`exists (select 1 from ${engagements} where ${engagements.clientId} = ${clients.id} and ${unfinished})`;

const followUpDueBy = (today: CalendarDate) => sql`exists (select 1 from ${clientFollowUps}
  where ${clientFollowUps.clientId} = ${clients.id} and ${clientFollowUps.doneAt} is null and ${clientFollowUps.dueOn} <= ${today})`;

const either = (condition: SQL, wanted: boolean | undefined) => (wanted === undefined ? [] : [wanted ? condition : sql`not ${condition}`]);

function filtersOf(orgId: string, filters: ClientFilters, today: CalendarDate): SQL[] {
  const words = filters.q?.split(/\s+/).filter(Boolean) ?? [];
  return [
    eq(clients.orgId, orgId),
    ...words.map(matchesWord),
    ...(filters.tag ? [sql`${filters.tag} = any(${clients.tags})`] : []),
    ...either(hasUnfinishedEngagement, filters.openEngagement),
    ...either(followUpDueBy(today), filters.followUpDue),
  ];
}

const cursorShape = z.tuple([z.string().max(200), z.uuid()]);
type Cursor = z.infer<typeof cursorShape>;

const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

function decodeCursor(text: string): Cursor {
  try {
    return cursorShape.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    const message = 'is not a cursor of this list';
    throw new HttpError(400, 'invalid_input', `Invalid query: cursor: ${message}`, [{ path: 'cursor', message }]);
  }
}

/** One page of clients after `cursor`, and the cursor of the next page (null on the last). */
export async function listClients(
  db: DbOrTx,
  orgId: string,
  query: ClientFilters & { cursor?: string; limit: number },
  today: CalendarDate,
) {
  const conditions = filtersOf(orgId, query, today);
  if (query.cursor) {
    const [name, id] = decodeCursor(query.cursor);
    conditions.push(sql`(${clients.name}, ${clients.id}) > (${name}, ${id}::uuid)`);
  }
  const rows = await clientRows(db, and(...conditions)!, today, query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { clients: page, nextCursor: rows.length > query.limit && last ? encodeCursor([last.name, last.id]) : null };
}

/** Every client the filters match, a page at a time, for the export: nothing is left out. */
export async function* allClients(db: DbOrTx, orgId: string, filters: ClientFilters, today: CalendarDate) {
  for (let cursor: string | undefined; ;) {
    const page = await listClients(db, orgId, { ...filters, cursor, limit: 100 }, today);
    yield* page.clients;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

// Drizzle leaves the columns of a fragment selected on its own unqualified when the query reads one
// table ("id", not "clients"."id"), which a correlated subquery would take for its own table's; a
// fragment inside another is qualified. So each subquery below is built first, then selected.
const selected = <T>(fragment: SQL) => sql<T>`${fragment}`;

const contactsOfClient = sql`coalesce((select json_agg(json_build_object('name', ${clientContacts.name}, 'email', ${clientContacts.email})
  order by ${clientContacts.createdAt}, ${clientContacts.id}) from ${clientContacts} where ${clientContacts.clientId} = ${clients.id}), '[]'::json)`;
const unfinishedEngagements = sql`(select count(*)::int from ${engagements} where ${engagements.clientId} = ${clients.id} and ${unfinished})`;
const nextFollowUp = sql`(select min(${clientFollowUps.dueOn})::text from ${clientFollowUps}
  where ${clientFollowUps.clientId} = ${clients.id} and ${clientFollowUps.doneAt} is null)`;

function clientRows(db: DbOrTx, where: SQL, today: CalendarDate, limit: number) {
  return db
    .select({
      id: clients.id,
      name: clients.name,
      tags: clients.tags,
      createdAt: clients.createdAt,
      contacts: selected<{ name: string; email: string | null }[]>(contactsOfClient),
      openEngagements: selected<number>(unfinishedEngagements),
      nextFollowUpOn: selected<CalendarDate | null>(nextFollowUp),
      followUpDue: selected<boolean>(followUpDueBy(today)),
    })
    .from(clients)
    .where(where)
    .orderBy(asc(clients.name), asc(clients.id))
    .limit(limit);
}

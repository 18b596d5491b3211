import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import type { z } from 'zod';
import { clientContacts, clientFollowUps, clientInteractions, clientNotes, clients } from '../../../db/schema/index.ts';
import type { AppEnv } from '../../context.ts';
import { HttpError, unprocessable } from '../../errors.ts';
import { followUpOwners, presentContact, type ClientRow } from './detail.ts';
import {
  maxTagsPerClient,
  type contactChangeSchema,
  type followUpSchema,
  type interactionSchema,
  type newContactSchema,
} from './schemas.ts';

// Every write to a client record: in one transaction with its audit entry, and keyed by the id the
// page made, so a double click or a retried post records nothing twice.

type ClientContext = Context<AppEnv>;

/**
 * Inserts a row under the page's id once. The same id again answers the row already there (created:
 * false); an id already used for something else (another client's, another person's) is a conflict.
 */
async function recordOnce<Row>(
  insert: () => Promise<Row[]>,
  existing: () => Promise<Row[]>,
  isTheSame: (row: Row) => boolean,
  code: string,
): Promise<{ row: Row; created: boolean }> {
  const [inserted] = await insert();
  if (inserted) return { row: inserted, created: true };
  const [found] = await existing();
  if (!found || !isTheSame(found)) throw new HttpError(409, code, 'That id is already used for something else: reload the page.');
  return { row: found, created: false };
}

const isUniqueViolation = (err: unknown, constraint: string) => {
  const cause =
    (err as { cause?: { code?: string; constraint_name?: string } }).cause ?? (err as { code?: string; constraint_name?: string });
  return cause?.code === '23505' && cause.constraint_name === constraint;
};

const emailTaken = () =>
  new HttpError(409, 'contact_email_taken', 'Another contact of this client has that e-mail address.', [
    { path: 'email', message: 'is another contact’s address already' },
  ]);

export function addNote(c: ClientContext, client: ClientRow, note: { id: string; body: string }) {
  const { user } = c.var;
  return c.var.deps.db.transaction(async (tx) => {
    const result = await recordOnce(
      () =>
        tx
          .insert(clientNotes)
          .values({ id: note.id, orgId: client.orgId, clientId: client.id, body: note.body, authorId: user.id })
          .onConflictDoNothing({ target: clientNotes.id })
          .returning(),
      () => tx.select().from(clientNotes).where(eq(clientNotes.id, note.id)),
      (row) => row.clientId === client.id && row.authorId === user.id,
      'note_id_taken',
    );
    if (result.created) {
      await c.var.audit({ kind: 'client.note_added', targetType: 'client', targetId: client.id, detail: { noteId: note.id } }, tx);
    }
    return result;
  });
}

export async function recordInteraction(c: ClientContext, client: ClientRow, interaction: z.infer<typeof interactionSchema>) {
  const { user } = c.var;
  return c.var.deps.db.transaction(async (tx) => {
    if (interaction.contactId) {
      const [contact] = await tx
        .select({ id: clientContacts.id })
        .from(clientContacts)
        .where(and(eq(clientContacts.clientId, client.id), eq(clientContacts.id, interaction.contactId)));
      if (!contact)
        throw unprocessable('invalid_input', 'That is not a contact of this client.', [
          { path: 'contactId', message: 'is not a contact of this client' },
        ]);
    }
    const result = await recordOnce(
      () =>
        tx
          .insert(clientInteractions)
          .values({
            ...interaction,
            contactId: interaction.contactId ?? null,
            orgId: client.orgId,
            clientId: client.id,
            recordedById: user.id,
          })
          .onConflictDoNothing({ target: clientInteractions.id })
          .returning(),
      () => tx.select().from(clientInteractions).where(eq(clientInteractions.id, interaction.id)),
      (row) => row.clientId === client.id && row.recordedById === user.id,
      'interaction_id_taken',
    );
    if (result.created) {
      await c.var.audit(
        {
          kind: 'client.interaction_recorded',
          targetType: 'client',
          targetId: client.id,
          detail: { interactionId: interaction.id, kind: interaction.kind, occurredOn: interaction.occurredOn },
        },
        tx,
      );
    }
    return result;
  });
}

export async function scheduleFollowUp(c: ClientContext, client: ClientRow, followUp: z.infer<typeof followUpSchema>) {
  const { user } = c.var;
  const { db } = c.var.deps;
  const ownerId = followUp.ownerId ?? user.id;
  if (!(await followUpOwners(db, client.orgId)).some((p) => p.id === ownerId)) {
    throw unprocessable('invalid_input', 'A follow-up goes to someone active here who sees client records.', [
      { path: 'ownerId', message: 'is nobody active here who sees client records' },
    ]);
  }
  return db.transaction(async (tx) => {
    const result = await recordOnce(
      () =>
        tx
          .insert(clientFollowUps)
          .values({ id: followUp.id, orgId: client.orgId, clientId: client.id, dueOn: followUp.dueOn, subject: followUp.subject, ownerId })
          .onConflictDoNothing({ target: clientFollowUps.id })
          .returning(),
      () => tx.select().from(clientFollowUps).where(eq(clientFollowUps.id, followUp.id)),
      (row) => row.clientId === client.id,
      'follow_up_id_taken',
    );
    if (result.created) {
      await c.var.audit(
        {
          kind: 'client.follow_up_scheduled',
          targetType: 'client',
          targetId: client.id,
          detail: { followUpId: followUp.id, dueOn: followUp.dueOn, ownerId },
        },
        tx,
      );
    }
    return result;
  });
}

/** Marks a follow-up done once; marking it again changes nothing. Null when the client has no such follow-up. */
export function finishFollowUp(c: ClientContext, client: ClientRow, followUpId: string) {
  return c.var.deps.db.transaction(async (tx) => {
    const mine = and(eq(clientFollowUps.clientId, client.id), eq(clientFollowUps.id, followUpId));
    const [done] = await tx
      .update(clientFollowUps)
      .set({ doneAt: c.var.deps.now?.() ?? new Date() })
      .where(and(mine, isNull(clientFollowUps.doneAt)))
      .returning();
    if (done) {
      await c.var.audit({ kind: 'client.follow_up_done', targetType: 'client', targetId: client.id, detail: { followUpId } }, tx);
      return done;
    }
    const [already] = await tx.select().from(clientFollowUps).where(mine);
    return already ?? null;
  });
}

export async function addContact(c: ClientContext, client: ClientRow, contact: z.infer<typeof newContactSchema>) {
  try {
    return await c.var.deps.db.transaction(async (tx) => {
      const result = await recordOnce(
        () =>
          tx
            .insert(clientContacts)
            .values({ ...contact, orgId: client.orgId, clientId: client.id })
            .onConflictDoNothing({ target: clientContacts.id })
            .returning(),
        () => tx.select().from(clientContacts).where(eq(clientContacts.id, contact.id)),
        (row) => row.clientId === client.id,
        'contact_id_taken',
      );
      if (result.created) {
        await c.var.audit(
          { kind: 'client.contact_added', targetType: 'client', targetId: client.id, detail: { contactId: contact.id, after: contact } },
          tx,
        );
      }
      return { created: result.created, contact: presentContact(result.row) };
    });
  } catch (err) {
    if (isUniqueViolation(err, 'client_contacts_client_email')) throw emailTaken();
    throw err;
  }
}

/** Sets a contact's name, e-mail and phone (one left out is cleared); null when the client has no such contact. */
export async function changeContact(c: ClientContext, client: ClientRow, contactId: string, change: z.infer<typeof contactChangeSchema>) {
  try {
    return await c.var.deps.db.transaction(async (tx) => {
      const mine = and(eq(clientContacts.clientId, client.id), eq(clientContacts.id, contactId));
      const [before] = await tx.select().from(clientContacts).where(mine).for('update');
      if (!before) return null;
      const [after] = await tx.update(clientContacts).set(change).where(mine).returning();
      const was = { name: before.name, email: before.email, phone: before.phone };
      if (JSON.stringify(was) !== JSON.stringify(change)) {
        await c.var.audit(
          { kind: 'client.contact_updated', targetType: 'client', targetId: client.id, detail: { contactId, before: was, after: change } },
          tx,
        );
      }
      return presentContact(after!);
    });
  } catch (err) {
    if (isUniqueViolation(err, 'client_contacts_client_email')) throw emailTaken();
    throw err;
  }
}

/** Adds or removes a tag; the same change twice changes nothing and records nothing. The client's tags after it. */
export function changeTags(c: ClientContext, client: ClientRow, tag: string, change: 'add' | 'remove') {
  return c.var.deps.db.transaction(async (tx) => {
    const mine = eq(clients.id, client.id);
    const [changed] =
      change === 'add'
        ? await tx
            .update(clients)
            .set({ tags: sql`array_append(${clients.tags}, ${tag}::text)` })
            .where(and(mine, sql`not (${tag} = any(${clients.tags}))`, sql`cardinality(${clients.tags}) < ${maxTagsPerClient}`))
            .returning({ tags: clients.tags })
        : await tx
            .update(clients)
            .set({ tags: sql`array_remove(${clients.tags}, ${tag}::text)` })
            .where(and(mine, sql`${tag} = any(${clients.tags})`))
            .returning({ tags: clients.tags });
    if (changed) {
      await c.var.audit(
        { kind: change === 'add' ? 'client.tag_added' : 'client.tag_removed', targetType: 'client', targetId: client.id, detail: { tag } },
        tx,
      );
      return changed.tags;
    }
    const [now] = await tx.select({ tags: clients.tags }).from(clients).where(mine);
    if (change === 'add' && !now!.tags.includes(tag)) {
      throw unprocessable('too_many_tags', `A client has at most ${maxTagsPerClient} tags.`, [
        { path: 'tag', message: `at most ${maxTagsPerClient} tags` },
      ]);
    }
    return now!.tags;
  });
}

import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, inArray, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { organizationRoles, principalOf } from '../../db/queries/principal.ts';
import {
  clientContacts,
  clientFollowUps,
  clients,
  departments,
  engagements,
  leads,
  quotes,
  timeEntries,
  users,
  workItems,
} from '../../db/schema/index.ts';
import { quoteTotals, type QuoteLine } from '../../domain/quote.ts';
import type { PlannedItem } from '../../domain/work-plan.ts';
import { queueEmail } from '../../mail/outbox.ts';
import type { ChoiceOption } from '../../workflows/human-task/form.ts';
import type { Assignee } from '../../workflows/human-task/messages.ts';
import type { EngagementInput, Person } from '../../workflows/engagement/messages.ts';
import { recordCaseEvent } from '../case-events.ts';
import { announce } from '../platform-events.ts';
import { writeTaskChange, type TaskChange } from '../tasks.ts';
import { auditEngagement, enterStage, lockEngagement, type StageChange } from './records.ts';

export interface EngagementActivityDeps {
  db: Db;
  appUrl: string;
}

export const hashAnswerToken = (token: string) => createHash('sha256').update(token).digest('hex');

const dayMs = 86_400_000;

export function createEngagementActivities({ db, appUrl }: EngagementActivityDeps) {
  return {
    /** The lead, its engagement and the first stage, with the qualification task, in one transaction. */
    async recordEngagement(input: EngagementInput, opening: TaskChange): Promise<void> {
      const { lead } = input;
      await db.transaction(async (tx) => {
        await tx
          .insert(leads)
          .values({
            id: lead.leadId,
            orgId: input.orgId,
            contactName: lead.contactName,
            email: lead.email,
            phone: lead.phone,
            company: lead.company,
            source: lead.source,
            serviceCategory: lead.serviceCategory,
            budgetMinor: lead.budgetMinor,
            currency: lead.currency,
            notes: lead.notes,
            score: lead.score,
            possibleDuplicateOfId: lead.possibleDuplicateOfId,
            capturedById: input.capturedBy?.id ?? null,
            capturedVia: lead.capturedVia,
            createdAt: new Date(input.capturedAt),
          })
          .onConflictDoNothing();
        await tx
          .insert(engagements)
          .values({
            id: input.engagementId,
            orgId: input.orgId,
            leadId: lead.leadId,
            title: input.title,
            serviceCategory: lead.serviceCategory,
            ownerId: input.owner.id,
            stage: 'qualification',
            status: 'open',
            valueMinor: lead.budgetMinor,
            currency: lead.currency,
            stageEnteredAt: new Date(input.capturedAt),
            createdAt: new Date(input.capturedAt),
          })
          .onConflictDoNothing();
        await Promise.all([
          recordCaseEvent(tx, {
            orgId: input.orgId,
            caseId: input.engagementId,
            eventKey: 'captured',
            kind: 'captured',
            actorId: input.capturedBy?.id ?? null,
            note: `Lead captured (${lead.capturedVia.replace('_', ' ')}), score ${lead.score}${lead.possibleDuplicateOfId ? '; possibly a duplicate of an earlier lead' : ''}.`,
            at: new Date(input.capturedAt),
          }),
          enterStage(tx, {
            engagementId: input.engagementId,
            orgId: input.orgId,
            stage: 'qualification',
            round: 1,
            status: 'open',
            note: null,
            actorId: null,
            at: input.capturedAt,
          }),
          auditEngagement(
            tx,
            input,
            'captured',
            { userId: input.capturedBy?.id ?? null, address: input.capturedFrom },
            { via: lead.capturedVia, score: lead.score },
            'captured',
          ),
        ]);
        await writeTaskChange(tx, opening, appUrl);
      });
    },

    async enterStage(change: StageChange): Promise<void> {
      await db.transaction(async (tx) => {
        await enterStage(tx, change);
        const [row] = await tx.select({ ownerId: engagements.ownerId }).from(engagements).where(eq(engagements.id, change.engagementId));
        if (row) await announce(tx, { orgId: change.orgId, userIds: [row.ownerId], topic: 'tasks' });
      });
    },

    /** A quote version with its totals (recomputed here: the row never disagrees with its lines). */
    async recordQuote(q: {
      engagementId: string;
      orgId: string;
      version: number;
      lines: QuoteLine[];
      currency: string;
      preparedById: string;
      needsApproval: boolean;
    }): Promise<void> {
      const totals = quoteTotals(q.lines);
      await db.transaction(async (tx) => {
        await lockEngagement(tx, q.engagementId);
        await tx
          .update(quotes)
          .set({ status: 'superseded', answerTokenHash: null })
          .where(
            and(
              eq(quotes.engagementId, q.engagementId),
              ne(quotes.version, q.version),
              inArray(quotes.status, ['awaiting_approval', 'sent']),
            ),
          );
        await tx
          .insert(quotes)
          .values({
            orgId: q.orgId,
            engagementId: q.engagementId,
            version: q.version,
            lines: q.lines,
            subtotalMinor: totals.subtotalMinor,
            discountMinor: totals.discountMinor,
            taxMinor: totals.taxMinor,
            totalMinor: totals.totalMinor,
            currency: q.currency,
            status: q.needsApproval ? 'awaiting_approval' : 'sent',
            preparedById: q.preparedById,
          })
          .onConflictDoNothing();
        await tx.update(engagements).set({ valueMinor: totals.totalMinor }).where(eq(engagements.id, q.engagementId));
        await auditEngagement(
          tx,
          q,
          'quote_prepared',
          { userId: q.preparedById },
          { version: q.version, totalMinor: totals.totalMinor },
          `quote:${q.version}`,
        );
      });
    },

    /**
     * Marks the quote sent and e-mails the client a link to answer it. The link's token is made
     * here and stored only as a hash, in the transaction that queues the e-mail: a retry finds
     * the quote sent and sends nothing more.
     */
    async sendQuote(q: {
      engagementId: string;
      orgId: string;
      version: number;
      approvedById: string | null;
      to: { name: string; email: string | null };
      validDays: number;
      at: string;
    }): Promise<{ sent: boolean }> {
      return db.transaction(async (tx) => {
        await lockEngagement(tx, q.engagementId);
        const [quote] = await tx
          .select()
          .from(quotes)
          .where(and(eq(quotes.engagementId, q.engagementId), eq(quotes.version, q.version)));
        if (!quote) throw new Error(`Quote ${q.version} of engagement ${q.engagementId} is not recorded`);
        if (quote.sentAt) return { sent: Boolean(quote.answerTokenHash) };
        const token = randomBytes(32).toString('base64url');
        const expiresAt = new Date(Date.parse(q.at) + q.validDays * dayMs);
        await tx
          .update(quotes)
          .set({
            status: 'sent',
            sentAt: new Date(q.at),
            expiresAt,
            approvedById: q.approvedById,
            answerTokenHash: q.to.email ? hashAnswerToken(token) : null,
          })
          .where(eq(quotes.id, quote.id));
        if (q.to.email) {
          await queueEmail(tx, {
            key: `engagement-${q.engagementId}:quote:${q.version}`,
            orgId: q.orgId,
            to: q.to.email,
            subject: 'Your quote',
            text: [
              `Hello ${q.to.name},`,
              '',
              `Here is our quote: ${(quote.totalMinor / 100).toFixed(2)} ${quote.currency} in total.`,
              `See it and accept or decline it here (valid until ${expiresAt.toISOString().slice(0, 10)}):`,
              `${appUrl}/quote/${token}`,
              '',
            ].join('\n'),
          });
        }
        await recordCaseEvent(tx, {
          orgId: q.orgId,
          caseId: q.engagementId,
          eventKey: `quote:${q.version}:sent`,
          kind: 'quote.sent',
          actorId: q.approvedById,
          note: q.to.email
            ? `Quote ${q.version} sent to the client.`
            : `Quote ${q.version} ready; the lead has no e-mail address, so staff record the answer.`,
          at: new Date(q.at),
        });
        return { sent: Boolean(q.to.email) };
      });
    },

    async recordQuoteAnswer(a: {
      engagementId: string;
      orgId: string;
      version: number;
      accepted: boolean;
      via: 'link' | 'staff';
      actorId: string | null;
      address: string | null;
      reason: string | null;
      at: string;
    }): Promise<void> {
      await db.transaction(async (tx) => {
        await tx
          .update(quotes)
          .set({ status: a.accepted ? 'accepted' : 'declined', decidedAt: new Date(a.at), decidedVia: a.via, answerTokenHash: null })
          .where(and(eq(quotes.engagementId, a.engagementId), eq(quotes.version, a.version), eq(quotes.status, 'sent')));
        await auditEngagement(
          tx,
          a,
          a.accepted ? 'quote_accepted' : 'quote_declined',
          { userId: a.actorId, address: a.address },
          { version: a.version, via: a.via, reason: a.reason },
          `quote:${a.version}:answer`,
        );
      });
    },

    /** The lead becomes a client (one per lead, however often this runs) with its contact; the lead stays. */
    async convertToClient(c: { engagementId: string; orgId: string; leadId: string }): Promise<{ clientId: string; clientName: string }> {
      return db.transaction(async (tx) => {
        const [lead] = await tx.select().from(leads).where(eq(leads.id, c.leadId));
        if (!lead) throw new Error(`Lead ${c.leadId} is not recorded`);
        const name = lead.company ?? lead.contactName;
        await tx.insert(clients).values({ orgId: c.orgId, name, fromLeadId: lead.id }).onConflictDoNothing();
        const [client] = await tx.select().from(clients).where(eq(clients.fromLeadId, lead.id));
        // A contact who already has a client sign-in with this e-mail sees the engagement in the portal.
        const [portalUser] = lead.email
          ? await tx
              .select({ id: users.id })
              .from(users)
              .where(and(eq(users.orgId, c.orgId), eq(sql`lower(${users.email})`, lead.email), sql`'client' = any(${users.roles})`))
          : [];
        await tx
          .insert(clientContacts)
          .values({
            orgId: c.orgId,
            clientId: client!.id,
            name: lead.contactName,
            email: lead.email,
            phone: lead.phone,
            userId: portalUser?.id ?? null,
          })
          .onConflictDoNothing();
        await tx.update(engagements).set({ clientId: client!.id }).where(eq(engagements.id, c.engagementId));
        await auditEngagement(tx, c, 'converted', { userId: null }, { clientId: client!.id }, 'converted');
        return { clientId: client!.id, clientName: name };
      });
    },

    async departmentChoices(orgId: string): Promise<ChoiceOption[]> {
      const rows = await db.select().from(departments).where(eq(departments.orgId, orgId)).orderBy(asc(departments.name));
      return rows.map((d) => ({ value: d.id, label: d.name }));
    },

    async recordRequirements(r: { engagementId: string; orgId: string; requirements: string; departmentIds: string[] }): Promise<void> {
      await db
        .update(engagements)
        .set({ requirements: r.requirements, departmentIds: r.departmentIds })
        .where(eq(engagements.id, r.engagementId));
    },

    /** Each department's approver: the first active person in it who may approve engagements (managers first). */
    async departmentApprovers(a: {
      orgId: string;
      departmentIds: string[];
    }): Promise<{ departmentId: string; name: string; approver: Assignee | null }[]> {
      const roles = await organizationRoles(db, a.orgId);
      const depts = await db
        .select()
        .from(departments)
        .where(and(eq(departments.orgId, a.orgId), inArray(departments.id, a.departmentIds)));
      const people = await db
        .select()
        .from(users)
        .where(and(eq(users.orgId, a.orgId), eq(users.active, true), inArray(users.departmentId, a.departmentIds)))
        .orderBy(sql`'department_manager' = any(${users.roles}) desc`, asc(users.createdAt));
      return a.departmentIds.map((departmentId) => {
        const dept = depts.find((d) => d.id === departmentId);
        const approver = people.find((p) => p.departmentId === departmentId && principalOf(p, roles).grants.has('engagements:approve'));
        return {
          departmentId,
          name: dept?.name ?? 'Unknown department',
          approver: approver ? { id: approver.id, name: approver.name, email: approver.email, permissions: ['engagements:approve'] } : null,
        };
      });
    },

    /** The plan's items (new keys only: items already planned keep their state), and who does each. */
    async recordWorkPlan(p: { engagementId: string; orgId: string; items: PlannedItem[]; actorId: string }): Promise<Assignee[]> {
      return db.transaction(async (tx) => {
        if (p.items.length > 0) {
          await tx
            .insert(workItems)
            .values(
              p.items.map((i) => ({
                orgId: p.orgId,
                engagementId: p.engagementId,
                key: i.key,
                parentKey: i.parentKey ?? null,
                title: i.title,
                assigneeId: i.assigneeId,
                estimateMinutes: i.estimateMinutes,
                dueOn: i.dueOn ?? null,
                priority: i.priority,
                dependsOn: i.dependsOn,
                status: 'todo' as const,
              })),
            )
            .onConflictDoNothing();
        }
        const ids = [...new Set(p.items.map((i) => i.assigneeId))];
        const roles = await organizationRoles(tx, p.orgId);
        const people = ids.length
          ? await tx
              .select()
              .from(users)
              .where(and(eq(users.orgId, p.orgId), inArray(users.id, ids)))
          : [];
        await auditEngagement(
          tx,
          p,
          'work_planned',
          { userId: p.actorId },
          { items: p.items.map((i) => i.key) },
          `plan:${p.items.map((i) => i.key).join(',')}`,
        );
        return people.map((u) => ({
          id: u.id,
          name: u.name,
          email: u.email,
          permissions: principalOf(u, roles).grants.has('work:do') ? ['work:do'] : [],
        }));
      });
    },

    async setWorkItemStatus(s: {
      engagementId: string;
      key: string;
      status: 'todo' | 'in_progress' | 'review' | 'done';
      round: number;
    }): Promise<void> {
      await db
        .update(workItems)
        .set({ status: s.status, round: s.round, updatedAt: new Date() })
        // A retry finds the status already set and leaves the row (and its updated_at) as it is.
        .where(
          and(
            eq(workItems.engagementId, s.engagementId),
            eq(workItems.key, s.key),
            or(ne(workItems.status, s.status), ne(workItems.round, s.round)),
          ),
        );
    },

    /** One time entry per entry key; answers the item's total. */
    async recordTimeEntry(t: {
      engagementId: string;
      orgId: string;
      key: string;
      userId: string;
      minutes: number;
      loggedOn: string;
      note: string | null;
      entryKey: string;
    }): Promise<number> {
      return db.transaction(async (tx) => {
        const [item] = await tx
          .select()
          .from(workItems)
          .where(and(eq(workItems.engagementId, t.engagementId), eq(workItems.key, t.key)))
          .for('update');
        if (!item) throw new Error(`Work item ${t.key} is not recorded`);
        const [entry] = await tx
          .insert(timeEntries)
          .values({
            orgId: t.orgId,
            workItemId: item.id,
            userId: t.userId,
            minutes: t.minutes,
            loggedOn: t.loggedOn,
            note: t.note,
            entryKey: t.entryKey,
          })
          .onConflictDoNothing()
          .returning({ id: timeEntries.id });
        if (!entry) return item.loggedMinutes;
        const total = item.loggedMinutes + t.minutes;
        await tx.update(workItems).set({ loggedMinutes: total, updatedAt: new Date() }).where(eq(workItems.id, item.id));
        return total;
      });
    },

    /** Tells the client their delivery waits for them in the portal. */
    async announceDelivery(d: { engagementId: string; orgId: string; round: number; to: Person | null; title: string }): Promise<void> {
      if (!d.to?.email) return;
      await db.transaction((tx) =>
        queueEmail(tx, {
          key: `engagement-${d.engagementId}:delivery:${d.round}`,
          orgId: d.orgId,
          to: d.to!.email,
          subject: `Ready for you: ${d.title}`,
          text: [
            `Hello ${d.to!.name},`,
            '',
            `"${d.title}" is ready. Please look at it and accept it, or tell us what to change:`,
            `${appUrl}/portal/engagements/${d.engagementId}`,
            '',
          ].join('\n'),
        }),
      );
    },

    /** The client accepted: closed, and a follow-up for maintenance or upsell is due later. */
    async recordDelivered(d: {
      engagementId: string;
      orgId: string;
      clientId: string;
      ownerId: string;
      followUpOn: string;
      title: string;
    }): Promise<void> {
      await db.transaction(async (tx) => {
        await tx
          .insert(clientFollowUps)
          .values({
            orgId: d.orgId,
            clientId: d.clientId,
            engagementId: d.engagementId,
            dueOn: d.followUpOn,
            subject: `Maintenance or more work after "${d.title}"`,
            ownerId: d.ownerId,
            sourceKey: `engagement-${d.engagementId}:delivered`,
          })
          .onConflictDoNothing();
        await auditEngagement(tx, d, 'delivered', { userId: null }, { followUpOn: d.followUpOn }, 'delivered');
      });
    },

    /** The client contact who answers for the engagement in the portal, if they have a sign-in. */
    async clientContactOf(c: { clientId: string }): Promise<{ contact: Person; portalUserId: string | null } | null> {
      const [contact] = await db
        .select()
        .from(clientContacts)
        .where(eq(clientContacts.clientId, c.clientId))
        .orderBy(asc(clientContacts.createdAt))
        .limit(1);
      if (!contact?.email) return null;
      return { contact: { id: contact.id, name: contact.name, email: contact.email }, portalUserId: contact.userId };
    },
  };
}

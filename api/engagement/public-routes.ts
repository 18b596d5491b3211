import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { hashAnswerToken } from '../../activities/engagement/index.ts';
import { organizations, quotes } from '../../db/schema/index.ts';
import { todayIn } from '../../domain/calendar.ts';
import { answerQuoteUpdate } from '../../workflows/engagement/messages.ts';
import { rateLimitPerAddress } from '../access/rate-limit.ts';
import type { AppEnv } from '../context.ts';
import { HttpError } from '../errors.ts';
import { validate } from '../validation.ts';
import { captureLead } from './capture.ts';
import { commandEngagement } from './commands.ts';
import { quotePdfResponse } from './quote-document.ts';
import { presentQuote } from './read-model.ts';
import { organizationIdParam, publicLeadSchema, quoteAnswerSchema } from './schemas.ts';
import { engagementSettingsOf } from './settings.ts';

/** Faster than this from showing the form to sending it, and it was no person typing. */
const humanFillMs = 2000;
const tokenParam = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'is not an answer link') });

// No sign-in here: every route is rate-limited per address, and answers as little as it can.
export const publicEngagementRoutes = new Hono<AppEnv>()
  .use(rateLimitPerAddress(20))
  // What the public lead form shows: whom it writes to, and the currency its budget is in.
  .get('/organizations/:id', validate('param', organizationIdParam), async (c) => {
    const { db } = c.var.deps;
    const { id } = c.req.valid('param');
    const [organization] = await db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, id));
    if (!organization) throw new HttpError(404, 'not_found', 'There is no such organisation.');
    return c.json({ name: organization.name, currency: (await engagementSettingsOf(db, id)).currency });
  })
  .post('/leads', validate('json', publicLeadSchema), async (c) => {
    const { website, startedAt, orgId, ...form } = c.req.valid('json');
    const [organization] = await c.var.deps.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, orgId));
    if (!organization) throw new HttpError(404, 'not_found', 'There is no such organisation.');
    // A bot gets the same answer a person does, so it learns nothing; nothing is saved.
    const bot = Boolean(website) || (startedAt !== undefined && Date.now() - startedAt < humanFillMs);
    if (!bot)
      await captureLead(c.var.deps, {
        orgId,
        capturedBy: null,
        via: 'web_form',
        form: { ...form, source: 'web_form' },
        address: c.var.clientAddress,
      });
    return c.json({ received: true }, 202);
  })
  .get('/quotes/:token', validate('param', tokenParam), async (c) => {
    const quote = await quoteByToken(c.var.deps.db, c.req.valid('param').token);
    const [organization] = await c.var.deps.db
      .select({ name: organizations.name, timeZone: organizations.timeZone })
      .from(organizations)
      .where(eq(organizations.id, quote.orgId));
    return c.json({
      quote: presentQuote(quote),
      from: organization?.name ?? null,
      /** The last day the link answers, in the organisation's calendar (as the PDF says it). */
      validUntil: quote.expiresAt && organization ? todayIn(organization.timeZone, quote.expiresAt) : null,
    });
  })
  .get('/quotes/:token/pdf', validate('param', tokenParam), async (c) =>
    quotePdfResponse(c, await quoteByToken(c.var.deps.db, c.req.valid('param').token)),
  )
  .post('/quotes/:token/answer', validate('param', tokenParam), validate('json', quoteAnswerSchema), async (c) => {
    const quote = await quoteByToken(c.var.deps.db, c.req.valid('param').token);
    const { accepted, reason } = c.req.valid('json');
    const state = await commandEngagement(c.var.deps.temporal, quote.engagementId, (handle) =>
      handle.executeUpdate(answerQuoteUpdate, {
        args: [{ version: quote.version, accepted, reason, address: c.var.clientAddress }],
        updateId: `quote-${quote.version}-answer`,
      }),
    );
    return c.json({ accepted, stage: state.stage });
  });

/** The quote a link answers: only while it is the one sent and not expired. */
async function quoteByToken(db: AppEnv['Variables']['deps']['db'], token: string) {
  const [quote] = await db
    .select()
    .from(quotes)
    .where(and(eq(quotes.answerTokenHash, hashAnswerToken(token)), eq(quotes.status, 'sent')));
  if (!quote) throw new HttpError(404, 'not_found', 'This link is not valid any more: the quote was answered or replaced.');
  if (quote.expiresAt && quote.expiresAt.getTime() < Date.now())
    throw new HttpError(410, 'link_expired', 'This quote has expired. Please ask us for a new one.');
  return quote;
}

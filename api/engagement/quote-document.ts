import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import type { DbOrTx } from '../../db/client.ts';
import { clients, engagements, leads, organizations, type Quote } from '../../db/schema/index.ts';
import { todayIn } from '../../domain/calendar.ts';
import type { AppEnv } from '../context.ts';
import { renderQuotePdf, type QuoteDocument } from './quote-pdf.ts';

/** What the quote's PDF shows, read from the quote's engagement, its lead or client, and its organisation. */
async function quoteDocumentOf(db: DbOrTx, quote: Quote): Promise<QuoteDocument> {
  const [row] = await db
    .select({ engagement: engagements, lead: leads, clientName: clients.name, organization: organizations })
    .from(engagements)
    .innerJoin(leads, eq(leads.id, engagements.leadId))
    .innerJoin(organizations, eq(organizations.id, engagements.orgId))
    .leftJoin(clients, eq(clients.id, engagements.clientId))
    .where(eq(engagements.id, quote.engagementId));
  if (!row) throw new Error(`Engagement ${quote.engagementId} of quote ${quote.id} is not recorded`);
  const { engagement, lead, organization } = row;
  const clientName = row.clientName ?? lead.company ?? lead.contactName;
  // Days as the organisation's calendar has them.
  const dayOf = (instant: Date | null) => (instant ? todayIn(organization.timeZone, instant) : null);
  return {
    organizationName: organization.name,
    clientName,
    contactName: clientName === lead.contactName ? null : lead.contactName,
    title: engagement.title,
    version: quote.version,
    currency: quote.currency,
    lines: quote.lines,
    sentOn: dayOf(quote.sentAt),
    validUntil: dayOf(quote.expiresAt),
  };
}

/** The quote's PDF as a download, never cached by anything between (it is the client's). */
export async function quotePdfResponse(c: Context<AppEnv>, quote: Quote) {
  const bytes = await renderQuotePdf(await quoteDocumentOf(c.var.deps.db, quote));
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
    'content-type': 'application/pdf',
    'content-disposition': `attachment; filename="quote-${quote.version}.pdf"`,
    'x-content-type-options': 'nosniff',
    'cache-control': 'private, no-store',
  });
}

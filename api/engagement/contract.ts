// The JSON of the engagement process's routes, named for the UI as ../contract.ts names the
// platform's: types only, each taken from the route that answers with it.
import type { z } from 'zod';
import type { Answer } from '../answer.ts';
import type { portalRoutes } from './portal-routes.ts';
import type { publicEngagementRoutes } from './public-routes.ts';
import type { publicLeadSchema } from './schemas.ts';
import type { clientRoutes } from './clients/routes.ts';
import type { documentRoutes } from './documents/routes.ts';
import type { engagementReportRoutes } from './reports/routes.ts';

/** What the public lead form sends (`POST /api/public/leads`). */
export type PublicLeadForm = z.input<typeof publicLeadSchema>;
export type PublicOrganization = Answer<typeof publicEngagementRoutes, '/organizations/:id', '$get'>;
export type PublicQuoteAnswer = Answer<typeof publicEngagementRoutes, '/quotes/:token', '$get'>;
export type PublicQuote = PublicQuoteAnswer['quote'];
export type QuoteLineShown = PublicQuote['lines'][number];
export type QuoteAnswered = Answer<typeof publicEngagementRoutes, '/quotes/:token/answer', '$post'>;

export type PortalEngagementsAnswer = Answer<typeof portalRoutes, '/engagements', '$get'>;
export type PortalEngagement = PortalEngagementsAnswer['engagements'][number];
export type PortalEngagementDetail = Answer<typeof portalRoutes, '/engagements/:id', '$get'>;
export type DeliveryAnswered = Answer<typeof portalRoutes, '/engagements/:id/delivery', '$post'>;
export type FeedbackAnswer = Answer<typeof portalRoutes, '/engagements/:id/feedback', '$post'>;

export type ClientsPage = Answer<typeof clientRoutes, '/', '$get'>;
export type ClientDetail = Answer<typeof clientRoutes, '/:id', '$get'>;
export type ClientContact = ClientDetail['contacts'][number];
export type ClientFollowUp = ClientDetail['followUps'][number];
export type ClientInteraction = ClientDetail['interactions'][number];

export type DocumentsAnswer = Answer<typeof documentRoutes, '/', '$get'>;
export type DocumentListed = DocumentsAnswer['documents'][number];
export type DocumentOwnerType = DocumentListed['ownerType'];

export type { ReportChart as EngagementReportChart } from './reports/tables.ts';

export type EngagementReportChoices = Answer<typeof engagementReportRoutes, '/filters', '$get'>;
export type ConversionReport = Answer<typeof engagementReportRoutes, '/conversion', '$get'>;
export type CycleTimeReport = Answer<typeof engagementReportRoutes, '/cycle-times', '$get'>;
export type SlaBreachReport = Answer<typeof engagementReportRoutes, '/sla-breaches', '$get'>;
export type WonValueReport = Answer<typeof engagementReportRoutes, '/won-value', '$get'>;

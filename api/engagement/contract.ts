// The JSON of the engagement process's routes and of its task panel, named for the UI as
// ../contract.ts names the platform's: types only, each taken from the code that builds it.
import type { z } from 'zod';
import type { Answer, Json } from '../answer.ts';
import type { portalRoutes } from './portal-routes.ts';
import type { publicEngagementRoutes } from './public-routes.ts';
import type { clientRoutes } from './clients/routes.ts';
import type { documentRoutes } from './documents/routes.ts';
import type { engagementReportRoutes } from './reports/routes.ts';
import type { engagementPanel } from './case-type.ts';
import type { leadSchema, publicLeadSchema, quoteLineSchema, timeEntrySchema, workPlanSchema } from './schemas.ts';
import type { engagementRoutes, leadRoutes } from './staff-routes.ts';

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

/** What the lead form sends (`POST /api/leads`). */
export type LeadFormInput = z.input<typeof leadSchema>;
export type QuoteLineInput = z.input<typeof quoteLineSchema>;
export type WorkPlanItemInput = z.input<typeof workPlanSchema>['items'][number];
export type TimeEntryInput = z.input<typeof timeEntrySchema>;

export type LeadFormAnswer = Answer<typeof leadRoutes, '/form', '$get'>;
export type LeadCapturedAnswer = Answer<typeof leadRoutes, '/', '$post'>;

export type PipelineAnswer = Answer<typeof engagementRoutes, '/', '$get'>;
export type PipelineEngagement = PipelineAnswer['engagements'][number];
export type PipelineStage = PipelineAnswer['stages'][number];
export type EngagementAnswer = Answer<typeof engagementRoutes, '/:id', '$get'>;
export type EngagementDetail = EngagementAnswer['engagement'];
export type EngagementQuote = EngagementDetail['quotes'][number];
export type EngagementWorkItem = EngagementDetail['workItems'][number];
export type EngagementOpenTask = EngagementDetail['openTasks'][number];
export type MyWorkAnswer = Answer<typeof engagementRoutes, '/:id/my-work', '$get'>;
export type QuoteSubmittedAnswer = Answer<typeof engagementRoutes, '/:id/quote', '$post'>;
export type WorkPlanSubmittedAnswer = Answer<typeof engagementRoutes, '/:id/work-plan', '$post'>;
export type TimeLoggedAnswer = Answer<typeof engagementRoutes, '/:id/items/:key/time', '$post'>;
export type AssignablePeopleAnswer = Answer<typeof engagementRoutes, '/:id/assignable-people', '$get'>;
export type AssignablePerson = AssignablePeopleAnswer['people'][number];

/** A task's `panel` when its case is an engagement (the generic task route types it as any JSON). */
export type EngagementPanel = NonNullable<Json<Awaited<ReturnType<typeof engagementPanel>>>>;

// The JSON of the engagement's staff routes and of its task panel, named for the UI as ../contract.ts
// names the platform's: types only, each taken from the code that builds it.
import type { z } from 'zod';
import type { Answer, Json } from '../answer.ts';
import type { engagementPanel } from './case-type.ts';
import type { leadSchema, quoteLineSchema, timeEntrySchema, workPlanSchema } from './schemas.ts';
import type { engagementRoutes, leadRoutes } from './staff-routes.ts';

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

// The JSON of the engagement process's routes, named for the UI as ../contract.ts names the
// platform's: types only, each taken from the code that builds it.
import type { Answer } from '../answer.ts';
import type { engagementReportRoutes } from './reports/routes.ts';

export type { ReportChart as EngagementReportChart } from './reports/tables.ts';

export type EngagementReportChoices = Answer<typeof engagementReportRoutes, '/filters', '$get'>;
export type ConversionReport = Answer<typeof engagementReportRoutes, '/conversion', '$get'>;
export type CycleTimeReport = Answer<typeof engagementReportRoutes, '/cycle-times', '$get'>;
export type SlaBreachReport = Answer<typeof engagementReportRoutes, '/sla-breaches', '$get'>;
export type WonValueReport = Answer<typeof engagementReportRoutes, '/won-value', '$get'>;

// The JSON of attendance's routes, named for the UI as ../contract.ts names the platform's.
import type { Answer, Json } from '../answer.ts';
import type { attendancePanel } from './case-type.ts';
import type { attendanceRoutes } from './routes.ts';

export type AttendanceDaysAnswer = Answer<typeof attendanceRoutes, '/days', '$get'>;
export type AttendanceDayRecord = AttendanceDaysAnswer['days'][number];
export type AttendanceSummaryAnswer = Answer<typeof attendanceRoutes, '/summary', '$get'>;
export type AttendanceSummariesAnswer = Answer<typeof attendanceRoutes, '/summaries', '$get'>;
export type AttendanceImportPreviewAnswer = Answer<typeof attendanceRoutes, '/imports/preview', '$post'>;
export type AttendanceImportPreview = AttendanceImportPreviewAnswer['preview'];
export type AttendanceImportAnswer = Answer<typeof attendanceRoutes, '/imports', '$post'>;

/** A task's `panel` when its case is a missed check-out's correction. */
export type AttendancePanel = NonNullable<Json<Awaited<ReturnType<typeof attendancePanel>>>>;

import { can, type RouteRule } from '../access/route-rules.ts';

/** Attendance's routes and who may use them. */
export const attendanceRouteRules: Record<string, RouteRule> = {
  'GET /api/attendance/days': can('attendance:record'),
  'POST /api/attendance/check-in': can('attendance:record'),
  'POST /api/attendance/check-out': can('attendance:record'),
  // One's own month; another employee's only with attendance:manage, decided in the handler.
  'GET /api/attendance/summary': can('attendance:record'),
  'GET /api/attendance/summaries': can('attendance:manage'),
  'POST /api/attendance/imports/preview': can('attendance:manage'),
  'POST /api/attendance/imports': can('attendance:manage'),
};

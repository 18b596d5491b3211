import { createHash } from 'node:crypto';

/**
 * The run's row (and case) id, derived from the organisation and the run's key (its month for the month's run): a run the schedule
 * starts and one started by hand are the same row, whoever comes first.
 */
export function payrollRunId(orgId: string, runKey: string): string {
  const hex = createHash('sha256').update(`payroll-${orgId}-${runKey}`).digest('hex');
  // Laid out as a UUID (version 8: custom), so it fits the uuid columns.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

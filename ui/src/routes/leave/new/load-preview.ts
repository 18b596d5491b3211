import type { ApiErrorBody, FieldViolation, LeavePreview } from '$lib/api-types';

export type PreviewState =
  | { kind: 'empty' }
  | { kind: 'loading' }
  | { kind: 'ready'; preview: LeavePreview }
  | { kind: 'invalid'; message: string; violations: FieldViolation[] };

/** Asks `/leave/preview` about the form's current values; nothing to ask until type and dates are set. */
export async function loadPreview(form: HTMLFormElement, signal: AbortSignal): Promise<PreviewState> {
  const values = new FormData(form);
  if (!values.get('leaveTypeCode') || !values.get('startDate') || !values.get('endDate')) {
    return { kind: 'empty' };
  }
  const response = await fetch('/leave/preview', { method: 'POST', body: values, signal });
  const body: unknown = await response.json().catch(() => null);
  if (response.ok && !response.redirected && body !== null) {
    return { kind: 'ready', preview: body as LeavePreview };
  }
  const problem = (body as ApiErrorBody | null)?.error;
  return {
    kind: 'invalid',
    message: problem?.message ?? 'The preview is not available.',
    violations: Array.isArray(problem?.details) ? (problem.details as FieldViolation[]) : [],
  };
}

import type { ConversionReport, CycleTimeReport, EngagementReportChoices, SlaBreachReport, WonValueReport } from '$lib/api-types';
import { fieldErrorsFrom, type FieldErrors } from '$lib/field-errors';
import { ApiError, apiClient, rethrowAsAdminError } from '$lib/server/api';
import type { PageServerLoad } from './$types';

const filterNames = ['from', 'to', 'serviceCategory', 'departmentId'] as const;
export type ReportFilters = Record<(typeof filterNames)[number], string>;

/** "?from=…&departmentId=…" with the filters that are set, or "": the reports' query and their CSV links'. */
function reportQuery(filters: ReportFilters): string {
  const params = new URLSearchParams();
  for (const name of filterNames) if (filters[name]) params.set(name, filters[name]);
  const query = params.toString();
  return query ? `?${query}` : '';
}

export const load: PageServerLoad = async (event) => {
  const api = apiClient(event);
  const filters = Object.fromEntries(filterNames.map((name) => [name, event.url.searchParams.get(name)?.trim() ?? ''])) as ReportFilters;
  const query = reportQuery(filters);
  const choices = api.get<EngagementReportChoices>('/api/engagements/reports/filters');
  // Awaited below, once the reports answered: handled now, or a refusal that comes first would be an
  // unhandled rejection, and Node ends the whole UI server on one.
  choices.catch(() => {});
  try {
    const [conversion, cycleTimes, slaBreaches, wonValue] = await Promise.all([
      api.get<ConversionReport>(`/api/engagements/reports/conversion${query}`),
      api.get<CycleTimeReport>(`/api/engagements/reports/cycle-times${query}`),
      api.get<SlaBreachReport>(`/api/engagements/reports/sla-breaches${query}`),
      api.get<WonValueReport>(`/api/engagements/reports/won-value${query}`),
    ]);
    return {
      filters,
      query,
      choices: await choices,
      filterErrors: {} as FieldErrors,
      reports: { conversion, cycleTimes, slaBreaches, wonValue },
    };
  } catch (cause) {
    // A filter the API refuses (a day that does not exist, "to" before "from") is the form's to show.
    if (cause instanceof ApiError && cause.status === 400)
      return {
        filters,
        query: '',
        choices: await choices.catch(rethrowAsAdminError),
        filterErrors: fieldErrorsFrom(cause.details),
        reports: null,
      };
    rethrowAsAdminError(cause);
  }
};

// The inbox's filters live in the page's URL (so a filtered inbox is a link, and a saved view is a
// set of these); only the API's own filter names pass through to it.
const filterNames = ['status', 'caseType', 'kind', 'step', 'priority', 'queue', 'assigneeId', 'dueFrom', 'dueTo', 'overdue', 'q', 'sort'];

/** The filters in a page URL's search parameters, as the API's query-string form. */
export function inboxFiltersOf(params: URLSearchParams): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const [name, value] of params) {
    if (value !== '' && (filterNames.includes(name) || /^field\.[a-zA-Z][a-zA-Z0-9]{0,59}$/.test(name))) filters[name] = value;
  }
  return filters;
}

export const queryString = (values: Record<string, string>): string => new URLSearchParams(values).toString();

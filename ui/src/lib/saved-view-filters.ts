/** Query-string keys of the inbox page that are not filters: the view itself, and the page of the list. */
const notFilters = new Set(['view', 'cursor', 'limit']);

/** The inbox's filters as the page's URL holds them, as a saved view keeps them. */
export function filtersFromSearch(search: URLSearchParams): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const [key, value] of search) {
    if (!notFilters.has(key) && value.trim() !== '') filters[key] = value;
  }
  return filters;
}

/** The inbox with a view's filters, and the view's id so the page says which one it shows. */
export function inboxUrlOf(viewId: string, filters: Record<string, string>): string {
  return `/inbox?${new URLSearchParams({ ...filters, view: viewId })}`;
}

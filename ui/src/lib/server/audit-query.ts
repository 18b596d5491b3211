/** The audit trail's filters, as the page's query and the API's take them. */
export type AuditFilters = { userId: string; kind: string; from: string; to: string };

export function auditFiltersFrom(params: URLSearchParams): AuditFilters {
  const value = (name: string) => params.get(name)?.trim() ?? '';
  return { userId: value('userId'), kind: value('kind'), from: value('from'), to: value('to') };
}

/** "?kind=…&from=…" with the filters that are set (and any extra parameters), or "". */
export function auditQuery(filters: AuditFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...filters, ...extra })) {
    if (value) params.set(name, value);
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** The inbox with a view's filters, and the view's id so the page says which one it shows. */
export function inboxUrlOf(viewId: string, filters: Record<string, string>): string {
  return `/inbox?${new URLSearchParams({ ...filters, view: viewId })}`;
}

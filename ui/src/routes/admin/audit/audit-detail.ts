const MAX_LENGTH = 140;

/** An entry's detail on one line: `{ reason: "x", days: 2 }` → "reason: x · days: 2", shortened. */
export function summariseDetail(detail: unknown): string {
  if (detail === null || detail === undefined) return '';
  const text =
    typeof detail === 'object' && !Array.isArray(detail)
      ? Object.entries(detail)
          .filter(([, value]) => value !== null && value !== undefined && value !== '')
          .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
          .join(' · ')
      : typeof detail === 'string'
        ? detail
        : JSON.stringify(detail);
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text;
}

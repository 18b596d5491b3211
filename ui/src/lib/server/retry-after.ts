/** "Try again in N minutes." from a 429's `Retry-After` seconds; null when the header says nothing usable. */
export function tryAgainIn(response: Response): string | null {
  const header = response.headers.get('retry-after');
  const seconds = header && /^\d+$/.test(header.trim()) ? Number(header) : null;
  if (seconds === null) return null;
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;
}

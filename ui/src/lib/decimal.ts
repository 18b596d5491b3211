// People type decimals ("1.5" hours, "19.5" %); the API takes integers (hundredths, basis points,
// minutes). The conversion is done on digits, never through a float, as money.ts does for amounts.

/** "1.5" with 2 places → 150; null when it is not a number ≥ 0 with at most that many decimals. */
export function parseScaled(text: string, places: number): number | null {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > places) return null;
  const scaled = BigInt(match[1]!) * 10n ** BigInt(places) + BigInt(fraction.padEnd(places, '0') || '0');
  return scaled > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(scaled);
}

/** 150 with 2 places → "1.5"; 200 → "2". */
export function formatScaled(value: number, places: number): string {
  const digits = String(Math.abs(value)).padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const fraction = digits.slice(digits.length - places).replace(/0+$/, '');
  return `${value < 0 ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** "1.5" hours → 90 minutes; null unless it comes to whole minutes (at most two decimals). */
export function parseHoursAsMinutes(text: string): number | null {
  const hundredths = parseScaled(text, 2);
  if (hundredths === null || (hundredths * 60) % 100 !== 0) return null;
  return (hundredths * 60) / 100;
}

/** 90 → "1 h 30 min"; 45 → "45 min"; 120 → "2 h". */
export function formatMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

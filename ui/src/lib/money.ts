// Amounts travel as integer minor units; people type and read major units. The conversion is done
// on digits (and BigInt), never through a float: "0.29" is 29 cents, not 28.999….

import type { Money } from './api-types';

/** How many minor-unit digits the currency has (2 for EUR, 0 for JPY, 3 for KWD). */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** "12.34" in EUR → 1234; null when it is not an amount the currency can hold (or beyond a safe integer). */
export function parseMajorUnits(text: string, currency: string): number | null {
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return null;
  const digits = minorDigits(currency);
  const fraction = match[3] ?? '';
  if (fraction.length > digits) return null;
  const magnitude = BigInt(match[2]!) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0');
  if (magnitude > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(match[1] ? -magnitude : magnitude);
}

/** 1234 EUR → "12.34", as a person would type it */
export function formatMajorUnits(amountMinor: number, currency: string): string {
  const digits = minorDigits(currency);
  const units = String(Math.abs(amountMinor)).padStart(digits + 1, '0');
  const major = digits === 0 ? units : `${units.slice(0, -digits)}.${units.slice(-digits)}`;
  return `${amountMinor < 0 ? '-' : ''}${major}`;
}

/** 1234 EUR → "12.34 EUR" */
export function formatMoney({ amountMinor, currency }: Money): string {
  return `${formatMajorUnits(amountMinor, currency)} ${currency}`;
}

// Amounts as people read them, from integer minor units: on digits, never through a float.

/** How many minor-unit digits the currency has (2 for EUR, 0 for JPY, 3 for KWD). */
export function minorDigitsOf(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** 1513680 EUR → "15,136.80 EUR" */
export function formatMinorUnits(minor: number, currency: string): string {
  const digits = minorDigitsOf(currency);
  const units = String(Math.abs(minor)).padStart(digits + 1, '0');
  const whole = units.slice(0, units.length - digits).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = digits === 0 ? '' : `.${units.slice(-digits)}`;
  return `${minor < 0 ? '-' : ''}${whole}${fraction} ${currency}`;
}

/** Hundredths as a number people read: 4000 → "40", 150 → "1.5", 125 → "1.25". */
export function formatHundredths(hundredths: number): string {
  const units = String(Math.abs(hundredths)).padStart(3, '0');
  const fraction = units.slice(-2).replace(/0+$/, '');
  return `${hundredths < 0 ? '-' : ''}${units.slice(0, -2)}${fraction ? `.${fraction}` : ''}`;
}

/** Basis points as a percentage: 1900 → "19 %", 1250 → "12.5 %". */
export const formatBasisPoints = (basisPoints: number) => `${formatHundredths(basisPoints)} %`;

import { describe, expect, it } from 'vitest';
import { formatBasisPoints, formatHundredths, formatMinorUnits } from './money.ts';

describe('amounts as people read them', () => {
  it('groups thousands and keeps the currency’s minor digits', () => {
    expect(formatMinorUnits(1_513_680, 'EUR')).toBe('15,136.80 EUR');
    expect(formatMinorUnits(5, 'EUR')).toBe('0.05 EUR');
    expect(formatMinorUnits(0, 'EUR')).toBe('0.00 EUR');
    expect(formatMinorUnits(-123_456, 'EUR')).toBe('-1,234.56 EUR');
    expect(formatMinorUnits(1_234_567, 'JPY')).toBe('1,234,567 JPY');
    expect(formatMinorUnits(1_234_567, 'KWD')).toBe('1,234.567 KWD');
    expect(formatMinorUnits(100_000_000_000, 'EUR')).toBe('1,000,000,000.00 EUR');
  });

  it('reads quantities in hundredths and rates in basis points', () => {
    expect(formatHundredths(4000)).toBe('40');
    expect(formatHundredths(150)).toBe('1.5');
    expect(formatHundredths(125)).toBe('1.25');
    expect(formatHundredths(5)).toBe('0.05');
    expect(formatBasisPoints(1900)).toBe('19 %');
    expect(formatBasisPoints(1250)).toBe('12.5 %');
    expect(formatBasisPoints(0)).toBe('0 %');
  });
});

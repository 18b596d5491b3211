import { describe, expect, it } from 'vitest';
import { leadScore, type ScoreRule } from './lead-score.ts';
import { comparablePhone } from './leads.ts';
import { priceLine, quoteProblems, quoteTotals, type QuoteLine } from './quote.ts';
import { dependencyCycle, planProblems, readyToStart, type PlannedItem } from './work-plan.ts';

const line = (over: Partial<QuoteLine> = {}): QuoteLine => ({
  description: 'Design',
  quantityHundredths: 100,
  unitPriceMinor: 10_000,
  discountBasisPoints: 0,
  taxBasisPoints: 0,
  ...over,
});

describe('quote arithmetic', () => {
  it('prices a line: gross, discount, net, tax, each rounded half up in minor units', () => {
    // 1.5 × 33.33 = 49.995 → 50.00; 10 % off = 5.00; net 45.00; 19 % tax = 8.55
    expect(
      priceLine(line({ quantityHundredths: 150, unitPriceMinor: 3333, discountBasisPoints: 1000, taxBasisPoints: 1900 })),
    ).toMatchObject({
      grossMinor: 5000,
      discountMinor: 500,
      netMinor: 4500,
      taxMinor: 855,
      totalMinor: 5355,
    });
    // 0.5 minor units rounds up, 0.49 down
    expect(priceLine(line({ quantityHundredths: 50, unitPriceMinor: 1 })).grossMinor).toBe(1);
    expect(priceLine(line({ quantityHundredths: 49, unitPriceMinor: 1 })).grossMinor).toBe(0);
  });

  it('totals are the sums of the rounded lines, so the lines add up to them', () => {
    const totals = quoteTotals([
      line({ unitPriceMinor: 3333, taxBasisPoints: 1900 }),
      line({ unitPriceMinor: 3333, taxBasisPoints: 1900 }),
    ]);
    expect(totals.taxMinor).toBe(633 * 2);
    expect(totals.totalMinor).toBe(totals.lines.reduce((s, l) => s + l.totalMinor, 0));
    expect(totals.subtotalMinor - totals.discountMinor + totals.taxMinor).toBe(totals.totalMinor);
  });

  it('stays exact where the product outgrows floating point’s integers', () => {
    // 3,333.33 × 99,999,999,999 = 333,332,999,996,666,670,000 hundredths: far past 2^53
    expect(priceLine(line({ quantityHundredths: 333_333, unitPriceMinor: 99_999_999_999 })).grossMinor).toBe(333_332_999_996_667);
  });

  it('names every bad field of every line', () => {
    const problems = quoteProblems([
      line({ description: ' ', quantityHundredths: 0, unitPriceMinor: 1.5, discountBasisPoints: 10_001, taxBasisPoints: -1 }),
    ]);
    expect(problems.map((p) => p.path)).toEqual([
      'lines.0.description',
      'lines.0.quantityHundredths',
      'lines.0.unitPriceMinor',
      'lines.0.discountBasisPoints',
      'lines.0.taxBasisPoints',
    ]);
    expect(quoteProblems([])).toEqual([{ path: 'lines', message: 'A quote needs at least one line.' }]);
    expect(quoteProblems([line()])).toEqual([]);
  });
});

describe('lead score', () => {
  const rules: ScoreRule[] = [
    { when: 'source', equals: 'referral', points: 30 },
    { when: 'budgetAtLeast', minor: 500_000, points: 40 },
    { when: 'hasCompany', points: 10 },
    { when: 'serviceCategory', equals: 'gmb', points: -20 },
  ];
  const lead = { source: 'referral' as const, serviceCategory: 'web' as const, budgetMinor: 600_000, company: 'Acme', phone: null };

  it('adds the points of every matching rule', () => {
    expect(leadScore(rules, lead)).toBe(80);
    expect(leadScore(rules, { ...lead, budgetMinor: null })).toBe(40);
  });

  it('stays between 0 and 100', () => {
    expect(leadScore(rules, { ...lead, source: 'web_form', company: null, budgetMinor: null, serviceCategory: 'gmb' })).toBe(0);
    expect(leadScore([...rules, { when: 'hasPhone', points: 90 }], { ...lead, phone: '+49 30 1234' })).toBe(100);
  });

  it('compares phone numbers by their digits', () => {
    expect(comparablePhone('+49 (30) 123-456')).toBe('+4930123456');
    expect(comparablePhone('030 123456')).toBe('030123456');
    expect(comparablePhone('12')).toBeNull();
  });
});

describe('work breakdown', () => {
  const item = (key: string, dependsOn: string[] = [], over: Partial<PlannedItem> = {}): PlannedItem => ({
    key,
    title: key,
    assigneeId: 'u1',
    estimateMinutes: 60,
    priority: 'normal',
    dependsOn,
    ...over,
  });

  it('refuses a dependency cycle and names it', () => {
    const items = [item('a', ['c']), item('b', ['a']), item('c', ['b'])];
    expect(dependencyCycle(items)).toEqual(['a', 'c', 'b', 'a']);
    expect(planProblems(items)).toEqual([{ path: 'items', message: 'The dependencies go round in a circle: a → c → b → a.' }]);
  });

  it('refuses unknown references, self-dependencies, twice-used keys and bad estimates', () => {
    const problems = planProblems([item('a', ['zz']), item('a'), item('b', ['b'], { estimateMinutes: 0, parentKey: 'nope' })]);
    expect(problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        'The key "a" is used twice.',
        'There is no item "zz" to depend on.',
        'An item cannot depend on itself.',
        'The estimate must be a whole number of minutes, at least 1.',
        'There is no item "nope".',
      ]),
    );
  });

  it('lets an item start only once everything it depends on is done', () => {
    const items = [item('design'), item('build', ['design']), item('test', ['build', 'design'])];
    expect(readyToStart(items, new Set(), new Set())).toEqual(['design']);
    expect(readyToStart(items, new Set(['design']), new Set(['design']))).toEqual(['build']);
    expect(readyToStart(items, new Set(['design', 'build']), new Set(['design', 'build']))).toEqual(['test']);
  });
});

// The value axis of a bar chart: a round maximum and evenly spaced ticks from 0, so bars read against
// numbers a person would pick (0, 2, 4, 6 engagements; 0, 100,000, 200,000 cents).

const roundSteps = [1, 2, 2.5, 5, 10];

/** The smallest round number (1, 2, 2.5 or 5 times a power of ten) at least `value`. */
export function roundUp(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return roundSteps.map((step) => step * power).find((candidate) => candidate >= value * (1 - 1e-12)) ?? 10 * power;
}

/**
 * About four ticks up to at least the largest value. `minStep` keeps counts on whole numbers
 * (no tick at 0.25 engagements).
 */
export function valueAxis(largest: number, minStep = 0): { max: number; ticks: number[] } {
  const step = Math.max(roundUp(largest / 4), minStep);
  const max = Math.max(step, Math.ceil(largest / step - 1e-9) * step);
  const ticks = Array.from({ length: Math.round(max / step) + 1 }, (_, i) => i * step);
  return { max, ticks };
}

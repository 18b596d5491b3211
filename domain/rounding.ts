// Money is integer minor units everywhere. Where a fraction of a minor unit arises (a percentage, a
// proration, a quantity × price), it is rounded half up at that step with this one function; totals
// are sums of already rounded amounts. Quotes and payroll both state and use this rule.

/** a × b / c rounded half up, exact (BigInt), for non-negative a and b and positive c. */
export function mulDivHalfUp(a: number, b: number, c: number): number {
  const product = BigInt(a) * BigInt(b);
  const divisor = BigInt(c);
  return Number((product * 2n + divisor) / (divisor * 2n));
}

import { COMPARISON_OPERATORS, ComparisonOperator, Comparisons } from './correlation-definition';

export function isComparisonOperator(key: string): key is ComparisonOperator {
  return (COMPARISON_OPERATORS as readonly string[]).includes(key);
}

/** True when every comparison holds for `value` (Sigma joins the keys of a condition with AND). */
export function conditionHolds(comparisons: Comparisons, value: number): boolean {
  if (comparisons.gt !== undefined && !(value > comparisons.gt)) return false;
  if (comparisons.gte !== undefined && !(value >= comparisons.gte)) return false;
  if (comparisons.lt !== undefined && !(value < comparisons.lt)) return false;
  if (comparisons.lte !== undefined && !(value <= comparisons.lte)) return false;
  if (comparisons.eq !== undefined && value !== comparisons.eq) return false;
  if (comparisons.neq !== undefined && value === comparisons.neq) return false;
  return true;
}

/**
 * Returns why no value can satisfy the comparisons, or undefined when some can. Catches ranges
 * written the wrong way round (`gt: 200, lt: 100`) that would otherwise silently never fire.
 */
export function unsatisfiableReason(comparisons: Comparisons): string | undefined {
  let low = -Infinity;
  let lowIncluded = false;
  let high = Infinity;
  let highIncluded = false;
  const raiseLow = (bound: number, included: boolean): void => {
    if (bound > low || (bound === low && !included)) [low, lowIncluded] = [bound, included];
  };
  const lowerHigh = (bound: number, included: boolean): void => {
    if (bound < high || (bound === high && !included)) [high, highIncluded] = [bound, included];
  };
  if (comparisons.gt !== undefined) raiseLow(comparisons.gt, false);
  if (comparisons.gte !== undefined) raiseLow(comparisons.gte, true);
  if (comparisons.lt !== undefined) lowerHigh(comparisons.lt, false);
  if (comparisons.lte !== undefined) lowerHigh(comparisons.lte, true);
  if (comparisons.eq !== undefined) {
    const eq = comparisons.eq;
    const inside = (eq > low || (eq === low && lowIncluded)) && (eq < high || (eq === high && highIncluded));
    if (!inside || eq === comparisons.neq) return `eq: ${eq} contradicts the other comparisons`;
    return undefined;
  }
  if (low > high || (low === high && !(lowIncluded && highIncluded))) return `the range is empty (lower bound ${low}, upper bound ${high})`;
  if (low === high && comparisons.neq === low) return `the range holds only ${low}, which neq excludes`;
  return undefined;
}

export function describeComparisons(comparisons: Comparisons): string {
  return COMPARISON_OPERATORS.filter((op) => comparisons[op] !== undefined)
    .map((op) => `${op} ${comparisons[op]}`)
    .join(' and ');
}

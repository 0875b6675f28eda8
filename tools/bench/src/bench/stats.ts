/** The middle value (mean of the two middle values for an even count); NaN for no values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * How far repeated runs disagree, relative to their median: (max − min) / median. 0 for a
 * single run (no evidence of noise yet), NaN for none.
 */
export function spread(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const m = median(values);
  return m > 0 ? (Math.max(...values) - Math.min(...values)) / m : 0;
}

/** Small statistics helpers. */

/**
 * The `q` quantile (0..1) of `values` by the nearest-rank method; null for no values.
 * Sorts a copy.
 */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1];
}

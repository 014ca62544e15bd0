import { DEFAULT_SCORING_OPTIONS, type SubsetScheme } from "./types.ts";

/**
 * Points the winner of a subset of `size` environments earns: `size` (linear),
 * `2^(size - 1)` (exponential) or 1 (equal).
 *
 * @throws {RangeError} when `size` is not a positive integer
 */
export function subsetPoints(
  size: number,
  scheme: SubsetScheme = DEFAULT_SCORING_OPTIONS.scheme,
): number {
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`Cannot compute subset points: size "${size}" is not a positive integer`);
  }
  switch (scheme) {
    case "linear":
      return size;
    case "exponential":
      return 2 ** (size - 1);
    case "equal":
      return 1;
  }
}

/**
 * Softmax of `points` at `temperature`: `exp((p_i - max p) / T)` normalised to sum 1.
 * Entries flagged out by `include` get weight 0 and take no share; all-excluded or empty
 * input gives all zeros.
 *
 * @throws {RangeError} when `temperature` is not a finite number > 0
 */
export function softmaxWeights(
  points: readonly number[],
  options: { temperature?: number; include?: readonly boolean[] } = {},
): number[] {
  const { temperature = DEFAULT_SCORING_OPTIONS.temperature, include } = options;
  if (!(temperature > 0) || !Number.isFinite(temperature)) {
    throw new RangeError(
      `Cannot compute weights: temperature "${temperature}" is not a finite number > 0`,
    );
  }
  const included = (i: number) => include === undefined || include[i];
  let max = -Infinity;
  for (let i = 0; i < points.length; i++) if (included(i)) max = Math.max(max, points[i]);
  const out = points.map(() => 0);
  if (max === -Infinity) return out;
  let sum = 0;
  for (let i = 0; i < points.length; i++) {
    if (!included(i)) continue;
    out[i] = Math.exp((points[i] - max) / temperature);
    sum += out[i];
  }
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
}

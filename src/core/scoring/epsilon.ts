import type { EnvResult } from "./types.ts";

/** Parameters of {@link pairEpsilon}. */
export interface EpsilonOptions {
  /** @default 1.5 */
  z?: number;
  /** @default 0.02 */
  epsMin?: number;
  /** @default 0.2 */
  epsMax?: number;
}

/**
 * How much a difference of success rates must exceed eps to count as beyond noise. Rates are
 * ratios of small integers and eps is clamped to decimal bounds, so float rounding alone can put
 * a difference a few ulps above eps when it is exactly equal (0.9 - 0.7 is
 * 0.20000000000000007 against epsMax = 0.2). Any difference within 1e-9 of eps is treated as
 * equal to it, that is, within noise; real differences of rates over at most 10^6 episodes are
 * never that close to eps unless they are equal to it.
 */
export const NOISE_TOLERANCE = 1e-9;

/**
 * Whether `diff` (one rate minus another) is beyond the noise margin `eps`. A difference equal
 * to the margin is within noise (see {@link NOISE_TOLERANCE}).
 *
 * @example 0.9 against 0.7 is exactly the margin 0.2: within noise
 * ```ts
 * import { beyondNoise } from "./epsilon.ts";
 * if (beyondNoise(0.9 - 0.7, 0.2) || !beyondNoise(0.9 - 0.69, 0.2)) throw new Error();
 * ```
 */
export function beyondNoise(diff: number, eps: number): boolean {
  return diff - eps > NOISE_TOLERANCE;
}

/**
 * Sampling variance of one success rate, `p(1 - p) / n`. A missing result counts as a certain
 * 0 and contributes no variance.
 */
export function rateVariance(result: EnvResult | undefined): number {
  if (result === undefined) return 0;
  return (result.rate * (1 - result.rate)) / result.episodes;
}

/**
 * The noise margin eps between two miners on one environment: `z` times the standard error of
 * the difference of two independent proportions, clamped to `[epsMin, epsMax]`.
 *
 * @example Two miners at 0.9 and 0.5 over 50 episodes each
 * ```ts
 * import { pairEpsilon } from "./epsilon.ts";
 * const eps = pairEpsilon({ rate: 0.9, episodes: 50 }, { rate: 0.5, episodes: 50 });
 * if (Math.abs(eps - 1.5 * Math.sqrt(0.09 / 50 + 0.25 / 50)) > 1e-15) throw new Error();
 * ```
 */
export function pairEpsilon(
  a: EnvResult | undefined,
  b: EnvResult | undefined,
  options: EpsilonOptions = {},
): number {
  return epsilonFromVariances(rateVariance(a), rateVariance(b), options);
}

/** {@link pairEpsilon} from precomputed variances (used by the fast path). */
export function epsilonFromVariances(
  varianceA: number,
  varianceB: number,
  options: EpsilonOptions = {},
): number {
  const { z = 1.5, epsMin = 0.02, epsMax = 0.2 } = options;
  const eps = z * Math.sqrt(varianceA + varianceB);
  return Math.min(epsMax, Math.max(epsMin, eps));
}

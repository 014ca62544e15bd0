import { DEFAULT_SCORING_OPTIONS, type EnvResult } from "./types.ts";

/** Parameters of {@link pairEpsilon}. */
export interface EpsilonOptions {
  /** @default DEFAULT_SCORING_OPTIONS.z (1.5) */
  z?: number;
  /** @default DEFAULT_SCORING_OPTIONS.epsMin (0.02) */
  epsMin?: number;
  /** @default DEFAULT_SCORING_OPTIONS.epsMax (0.2) */
  epsMax?: number;
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
  const {
    z = DEFAULT_SCORING_OPTIONS.z,
    epsMin = DEFAULT_SCORING_OPTIONS.epsMin,
    epsMax = DEFAULT_SCORING_OPTIONS.epsMax,
  } = options;
  const eps = z * Math.sqrt(varianceA + varianceB);
  return Math.min(epsMax, Math.max(epsMin, eps));
}

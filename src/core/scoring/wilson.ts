/** z of a two-sided 95% normal interval. */
export const Z_95 = 1.959963984540054;

/** A confidence interval of a proportion. */
export interface RateInterval {
  /** Lower bound in [0, 1]. */
  low: number;
  /** Upper bound in [0, 1]. */
  high: number;
}

/**
 * The Wilson score interval of `successes` out of `trials` at normal quantile `z` (95% by
 * default). Unlike the normal approximation it stays inside [0, 1] and is not empty at 0 or
 * at `trials` successes. No trials gives the whole [0, 1].
 *
 * @throws {RangeError} when the counts are not integers with 0 <= successes <= trials
 *
 * @example 45 successes out of 50 episodes
 * ```ts
 * import { wilsonInterval } from "./wilson.ts";
 * const { low, high } = wilsonInterval(45, 50);
 * if (!(low > 0.78 && low < 0.79 && high > 0.95 && high < 0.96)) throw new Error();
 * ```
 */
export function wilsonInterval(successes: number, trials: number, z = Z_95): RateInterval {
  if (
    !Number.isSafeInteger(successes) || !Number.isSafeInteger(trials) || successes < 0 ||
    successes > trials
  ) {
    throw new RangeError(
      `Cannot compute a Wilson interval: "${successes}" successes of "${trials}" trials`,
    );
  }
  if (trials === 0) return { low: 0, high: 1 };
  const p = successes / trials;
  const z2n = (z * z) / trials;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt(p * (1 - p) / trials + z2n / (4 * trials));
  return {
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === trials ? 1 : Math.min(1, centre + half),
  };
}

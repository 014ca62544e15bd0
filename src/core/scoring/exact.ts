import type { EpsilonOptions } from "./epsilon.ts";
import { DEFAULT_SCORING_OPTIONS, type EnvResult } from "./types.ts";

/** A non-negative rational number `n / d` with `d > 0`. */
type Rational = readonly [n: bigint, d: bigint];

const DECIMAL_REGEXP = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/;

/**
 * The exact decimal a finite non-negative number prints as (`String(x)`): `0.2` is `2/10`, not
 * the binary fraction nearest to it. Options such as `epsMax = 0.2` mean what they say.
 *
 * @throws {RangeError} for a negative or non-finite number
 */
export function decimalRational(x: number): Rational {
  const m = DECIMAL_REGEXP.exec(String(x));
  if (m === null) {
    throw new RangeError(`Cannot compare exactly: "${x}" is not a finite number >= 0`);
  }
  const digits = BigInt(m[1] + (m[2] ?? ""));
  const exponent = Number(m[3] ?? 0) - (m[2]?.length ?? 0);
  return exponent >= 0
    ? [digits * 10n ** BigInt(exponent), 1n]
    : [digits, 10n ** BigInt(-exponent)];
}

/**
 * The exact success rate of a result: `successes / episodes` when the count is given or when
 * `rate` is exactly the double nearest to `s / episodes` for an integer `s` (every rate the
 * scheduler computes), else the decimal `rate` prints as. A missing result is 0.
 */
export function exactRate(result: EnvResult | undefined): Rational {
  if (result === undefined) return [0n, 1n];
  const n = result.episodes;
  if (result.successes !== undefined) return [BigInt(result.successes), BigInt(n)];
  const s = Math.round(result.rate * n);
  if (s / n === result.rate) return [BigInt(s), BigInt(n)];
  return decimalRational(result.rate);
}

/** `p (1 - p) / n` exactly; 0 for a missing result (a certain 0). */
function exactVariance(result: EnvResult | undefined): Rational {
  if (result === undefined) return [0n, 1n];
  const [u, d] = exactRate(result);
  return [u * (d - u), d * d * BigInt(result.episodes)];
}

function add(a: Rational, b: Rational): Rational {
  return [a[0] * b[1] + b[0] * a[1], a[1] * b[1]];
}

function mul(a: Rational, b: Rational): Rational {
  return [a[0] * b[0], a[1] * b[1]];
}

/** a > b for rationals with positive denominators. */
function greater(a: Rational, b: Rational): boolean {
  return a[0] * b[1] > b[0] * a[1];
}

/**
 * Whether `a`'s success rate is better than `b`'s beyond the noise margin, decided exactly:
 * `rate(a) - rate(b) > clamp(z * sqrt(var(a) + var(b)), epsMin, epsMax)` in rational arithmetic,
 * with rates from {@link exactRate} and the options as the decimals they print as. A difference
 * equal to the margin is within noise, whatever float rounding would say (0.9 - 0.7 over 10
 * episodes each is exactly `epsMax = 0.2`: within noise).
 */
export function exceedsMargin(
  a: EnvResult | undefined,
  b: EnvResult | undefined,
  options: EpsilonOptions = {},
): boolean {
  const {
    z = DEFAULT_SCORING_OPTIONS.z,
    epsMin = DEFAULT_SCORING_OPTIONS.epsMin,
    epsMax = DEFAULT_SCORING_OPTIONS.epsMax,
  } = options;
  const [an, ad] = exactRate(a);
  const [bn, bd] = exactRate(b);
  const num = an * bd - bn * ad;
  if (num <= 0n) return false; // eps >= epsMin >= 0, so a must be strictly better
  const diff: Rational = [num, ad * bd];
  // diff > min(epsMax, max(epsMin, s)) iff diff > epsMax, or diff > epsMin and diff > s
  if (greater(diff, decimalRational(epsMax))) return true;
  if (!greater(diff, decimalRational(epsMin))) return false;
  // diff > z sqrt(v) with diff > 0 iff diff^2 > z^2 v
  const zr = decimalRational(z);
  const v = add(exactVariance(a), exactVariance(b));
  return greater(mul(diff, diff), mul(mul(zr, zr), v));
}

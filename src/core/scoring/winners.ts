import { epsilonFromVariances, type EpsilonOptions } from "./epsilon.ts";
import { exceedsMargin } from "./exact.ts";
import type { EnvResult } from "./types.ts";

/**
 * Pairwise relations of `m` miners over `k` environments, as bitmasks over environments
 * (bit `e` = environment `e`). Per miner `a`, `positive[a]` has the environments where a's
 * success rate is above 0. For the ordered pair (a, b), at index `a * m + b`:
 * - `worse`: environments where b is better than a by more than eps;
 * - `win`: environments where a is better than b by more than eps, or every bit when a
 *   committed before b (so that a subset with no difference beyond eps counts as a's win).
 *
 * With these, a beats b on a non-empty subset S iff `(S & worse) == 0 && (S & win) != 0`:
 * nothing in S is worse beyond eps, and either something is better beyond eps (eps-dominance) or
 * all of S is within eps and a is earlier (tie to the first committer). Only miners with
 * `(S & positive) != 0` (some skill on S) take part in S.
 */
export interface PairRelations {
  m: number;
  k: number;
  positive: Uint32Array;
  worse: Uint32Array;
  win: Uint32Array;
}

/** Inputs of {@link buildPairRelations}: row-major `m x k` matrices and a commit order. */
export interface RelationInputs {
  m: number;
  k: number;
  /** Success rate of miner `i` on env `e` at `i * k + e` (missing = 0). */
  rates: Float64Array;
  /** Sampling variance of that rate (missing = 0). */
  variances: Float64Array;
  /** Position of each miner in commit order (0 = first); all distinct. */
  commitRank: Int32Array;
  /** The result behind each rate (undefined = missing), for exact decisions near the margin. */
  results: readonly (EnvResult | undefined)[];
}

/**
 * Below this distance between |difference| and eps, floats may decide wrongly (their errors are
 * around 1e-16) and the pair is decided exactly by {@link exceedsMargin}.
 */
const FLOAT_FILTER = 1e-9;

const ALL_ENVS = 0xffffffff;

/**
 * Builds the pairwise masks; O(m^2 k). "Better by more than eps" is decided in floats when the
 * difference is clearly away from eps and exactly (rationals) when it is within 1e-9 of it.
 */
export function buildPairRelations(
  inputs: RelationInputs,
  options: EpsilonOptions = {},
): PairRelations {
  const { m, k, rates, variances, commitRank, results } = inputs;
  const positive = new Uint32Array(m);
  const worse = new Uint32Array(m * m);
  const win = new Uint32Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let e = 0; e < k; e++) if (rates[a * k + e] > 0) positive[a] |= 1 << e;
  }
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      let aBetter = 0;
      let bBetter = 0;
      for (let e = 0; e < k; e++) {
        const eps = epsilonFromVariances(variances[a * k + e], variances[b * k + e], options);
        const diff = rates[a * k + e] - rates[b * k + e];
        const margin = Math.abs(diff) - eps;
        if (margin > FLOAT_FILTER) {
          if (diff > 0) aBetter |= 1 << e;
          else bBetter |= 1 << e;
        } else if (margin >= -FLOAT_FILTER) {
          // at the margin: a difference equal to eps is within noise, decided without rounding
          const ra = results[a * k + e];
          const rb = results[b * k + e];
          if (exceedsMargin(ra, rb, options)) aBetter |= 1 << e;
          else if (exceedsMargin(rb, ra, options)) bBetter |= 1 << e;
        }
      }
      const aFirst = commitRank[a] < commitRank[b];
      worse[a * m + b] = bBetter;
      worse[b * m + a] = aBetter;
      win[a * m + b] = aFirst ? ALL_ENVS : aBetter;
      win[b * m + a] = aFirst ? bBetter : ALL_ENVS;
    }
  }
  return { m, k, positive, worse, win };
}

/**
 * Finds the winner of every non-empty subset of environments. Only the miners with a success
 * rate above 0 on at least one environment of the subset (skill on it) take part in it; the
 * winner is the participant that beats every other participant. A miner without skill on a
 * subset can neither win it nor, by an earlier commit, keep a skilled miner from winning it.
 * Returns `winners[mask]` = miner index or -1.
 *
 * "Beats" is antisymmetric but not transitive, so a subset has at most one winner and may
 * have none. Per subset a single pass over the participants keeps a candidate and replaces it
 * by any participant it does not beat: one that the candidate beats cannot be the winner (it
 * would have to beat the candidate back), and a candidate that fails to beat someone is not the
 * winner either. The survivor already beat every participant after the point it became
 * candidate, so only those before that point are checked. Cost O(2^k * m), independent of k
 * inside the loop.
 */
export function findSubsetWinners(relations: PairRelations): Int32Array {
  const { m, k, positive, worse, win } = relations;
  const subsets = 1 << k;
  const winners = new Int32Array(subsets).fill(-1);
  for (let s = 1; s < subsets; s++) {
    let c = -1;
    let since = 0;
    for (let i = 0; i < m; i++) {
      if ((s & positive[i]) === 0) continue; // no skill on s: takes no part in it
      if (c < 0) {
        c = i;
        since = i;
        continue;
      }
      const at = c * m + i;
      if ((s & worse[at]) !== 0 || (s & win[at]) === 0) {
        c = i;
        since = i;
      }
    }
    if (c < 0) continue;
    let ok = true;
    for (let i = 0; ok && i < since; i++) {
      if ((s & positive[i]) === 0) continue;
      const at = c * m + i;
      if ((s & worse[at]) !== 0 || (s & win[at]) === 0) ok = false;
    }
    if (ok) winners[s] = c;
  }
  return winners;
}

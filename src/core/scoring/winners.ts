import { beyondNoise, epsilonFromVariances, type EpsilonOptions } from "./epsilon.ts";

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
 * all of S is within eps and a is earlier (tie to the first committer). A miner that beats every
 * other miner on S wins S only if `(S & positive) != 0`: it shows some skill on S.
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
}

const ALL_ENVS = 0xffffffff;

/** Builds the pairwise masks; O(m^2 k). */
export function buildPairRelations(
  inputs: RelationInputs,
  options: EpsilonOptions = {},
): PairRelations {
  const { m, k, rates, variances, commitRank } = inputs;
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
        if (beyondNoise(diff, eps)) aBetter |= 1 << e;
        else if (beyondNoise(-diff, eps)) bBetter |= 1 << e;
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
 * Finds the winner of every non-empty subset of environments: the miner that beats every
 * other miner on it and has a success rate above 0 on at least one of its environments.
 * Returns `winners[mask]` = miner index or -1.
 *
 * "Beats" is antisymmetric but not transitive, so a subset has at most one winner and may
 * have none. Per subset a single pass keeps a candidate and replaces it by any miner it does
 * not beat: a miner that the candidate beats cannot be the winner (it would have to beat the
 * candidate back), and a candidate that fails to beat someone is not the winner either. The
 * survivor already beat every miner after the point it became candidate, so only the miners
 * before that point are checked. Since only that survivor can beat everyone, a survivor without
 * skill on the subset leaves it without a winner. Cost O(2^k * m), independent of k inside the
 * loop.
 */
export function findSubsetWinners(relations: PairRelations): Int32Array {
  const { m, k, positive, worse, win } = relations;
  const subsets = 1 << k;
  const winners = new Int32Array(subsets).fill(-1);
  if (m === 0) return winners;
  for (let s = 1; s < subsets; s++) {
    let c = 0;
    let since = 0;
    for (let i = 1; i < m; i++) {
      const at = c * m + i;
      if ((s & worse[at]) !== 0 || (s & win[at]) === 0) {
        c = i;
        since = i;
      }
    }
    let ok = (s & positive[c]) !== 0;
    for (let i = 0; ok && i < since; i++) {
      const at = c * m + i;
      if ((s & worse[at]) !== 0 || (s & win[at]) === 0) ok = false;
    }
    if (ok) winners[s] = c;
  }
  return winners;
}

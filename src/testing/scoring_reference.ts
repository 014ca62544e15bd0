import {
  type MinerResults,
  NOISE_TOLERANCE,
  type ScoreTable,
  type ScoringOptions,
} from "../core/mod.ts";

/** What {@link scoreTableReference} computes, keyed by uid and by subset. */
export interface ReferenceScores {
  /** Points per uid (every miner of the table). */
  points: Map<number, number>;
  /** Weight per uid (every miner of the table). */
  weights: Map<number, number>;
  /** Winner uid (or null) per subset; the key is the subset's env ids sorted, joined by "|". */
  winners: Map<string, number | null>;
}

/** The key {@link ReferenceScores.winners} uses for a subset of environments. */
export function subsetKey(envs: readonly string[]): string {
  return [...envs].sort().join("|");
}

/**
 * Scoring written as plainly as possible, straight from ARCHITECTURE.md section 8 plus our two
 * rules (a subset's winner needs a rate above 0 on one of its environments; zero points earn
 * zero weight, so when nobody has points no miner gets weight): every subset, every pair, every environment. Exponential in the number of environments and
 * quadratic in miners per subset; for tests and the bench only.
 */
export function scoreTableReference(
  table: ScoreTable,
  options: ScoringOptions = {},
): ReferenceScores {
  const z = options.z ?? 1.5;
  const epsMin = options.epsMin ?? 0.02;
  const epsMax = options.epsMax ?? 0.2;
  const scheme = options.scheme ?? "linear";
  const temperature = options.temperature ?? 1;

  // miners without a single success take no part
  const active = table.miners.filter((m) => Object.values(m.results).some((r) => r.rate > 0));
  const rate = (m: MinerResults, env: string) => m.results[env]?.rate ?? 0;
  const variance = (m: MinerResults, env: string) => {
    const r = m.results[env];
    return r === undefined ? 0 : (r.rate * (1 - r.rate)) / r.episodes;
  };
  const eps = (a: MinerResults, b: MinerResults, env: string) =>
    Math.min(epsMax, Math.max(epsMin, z * Math.sqrt(variance(a, env) + variance(b, env))));
  const betterBeyond = (a: MinerResults, b: MinerResults, env: string) =>
    rate(a, env) - rate(b, env) - eps(a, b, env) > NOISE_TOLERANCE;

  const dominates = (a: MinerResults, b: MinerResults, subset: string[]) =>
    subset.every((env) => !betterBeyond(b, a, env)) &&
    subset.some((env) => betterBeyond(a, b, env));
  const allWithin = (a: MinerResults, b: MinerResults, subset: string[]) =>
    subset.every((env) => !betterBeyond(a, b, env) && !betterBeyond(b, a, env));
  const earlier = (a: MinerResults, b: MinerResults) =>
    a.firstBlock < b.firstBlock || (a.firstBlock === b.firstBlock && a.uid < b.uid);
  const beats = (a: MinerResults, b: MinerResults, subset: string[]) =>
    dominates(a, b, subset) ||
    (!dominates(b, a, subset) && allWithin(a, b, subset) && earlier(a, b));

  const points = new Map<number, number>(table.miners.map((m) => [m.uid, 0]));
  const winners = new Map<string, number | null>();
  const k = table.envs.length;
  for (let mask = 1; mask < 2 ** k; mask++) {
    const subset = table.envs.filter((_, e) => (mask >> e) & 1);
    // A winner beats everyone on the subset and shows some skill on it (a rate above 0).
    const found = active.filter((a) =>
      active.every((b) => b === a || beats(a, b, subset)) &&
      subset.some((env) => rate(a, env) > 0)
    );
    if (found.length > 1) throw new Error(`Reference found two winners of "${subset}"`);
    const winner = found.length === 1 ? found[0].uid : null;
    winners.set(subsetKey(subset), winner);
    if (winner === null) continue;
    const size = subset.length;
    const earned = scheme === "linear" ? size : scheme === "exponential" ? 2 ** (size - 1) : 1;
    points.set(winner, points.get(winner)! + earned);
  }

  // Zero points earn zero weight; if nobody has points, no miner gets weight (the caller burns).
  const weighted = active.filter((m) => points.get(m.uid)! > 0);
  const weights = new Map<number, number>(table.miners.map((m) => [m.uid, 0]));
  if (weighted.length > 0) {
    const max = Math.max(...weighted.map((m) => points.get(m.uid)!));
    const exps = weighted.map((m) => Math.exp((points.get(m.uid)! - max) / temperature));
    const sum = exps.reduce((s, x) => s + x, 0);
    weighted.forEach((m, i) => weights.set(m.uid, exps[i] / sum));
  }
  return { points, weights, winners };
}

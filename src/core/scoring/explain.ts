import {
  type PreparedScoreTable,
  prepareScoreTable,
  resolveScoringOptions,
  scoreTable,
} from "./score.ts";
import type { ScoreTable, ScoringOptions, ScoringResult } from "./types.ts";
import { buildPairRelations, type PairRelations } from "./winners.ts";

/**
 * Why a subset of environments has the outcome it has. Miner numbers are indices into the
 * table's `miners`.
 * - `winner`: `winner` beats every other miner on the subset and has some skill there;
 * - `no_skill`: `candidate` beats every other miner, but its rate is 0 on every environment of
 *   the subset (so is everyone's it beats by the tie rule);
 * - `trade_off`: nobody beats `a`, and `a` does not beat `b` either: each is better than the
 *   other beyond the noise margin somewhere in the subset;
 * - `cycle`: every miner is beaten by someone, `cycle[i]` beats `cycle[i + 1]` and the last
 *   beats the first (ties to the earlier committer are not transitive);
 * - `empty`: no miner has a result.
 */
export type SubsetVerdict =
  | { kind: "winner"; winner: number }
  | { kind: "no_skill"; candidate: number }
  | { kind: "trade_off"; a: number; b: number }
  | { kind: "cycle"; cycle: number[] }
  | { kind: "empty" };

/** Scoring's outcome with the means to explain it subset by subset. */
export interface ScoringExplanation {
  /** The outcome, exactly as {@link scoreTable} computes it. */
  result: ScoringResult;
  /** Why the subset `mask` (bit `e` = `result.envs[e]`) has or lacks a winner. */
  verdict(mask: number): SubsetVerdict;
  /**
   * The eps-Pareto front of the subset: miners with a result that no other miner
   * eps-dominates on it (no worse beyond the margin anywhere, better beyond it somewhere).
   */
  paretoFront(mask: number): number[];
  /** Whether miner `a` beats miner `b` on the subset (false when either has no result). */
  beats(a: number, b: number, mask: number): boolean;
}

/**
 * Scores a table and explains its outcome: per subset, the winner or why there is none, and
 * the eps-Pareto front. The pairwise relations are built once (O(m^2 k)); each verdict costs
 * O(m) when the subset has a winner and at most O(m^2) when it has none.
 *
 * @throws {RangeError} on an invalid table or options (as {@link scoreTable})
 *
 * @example Two specialists: each wins its own environment, the pair is a trade-off
 * ```ts
 * import { explainScoring } from "./explain.ts";
 * const e = explainScoring({
 *   envs: ["a", "b"],
 *   miners: [
 *     { uid: 0, hotkey: "h0", firstBlock: 1, results: { a: { rate: 0.9, episodes: 50 }, b: { rate: 0.1, episodes: 50 } } },
 *     { uid: 1, hotkey: "h1", firstBlock: 2, results: { a: { rate: 0.1, episodes: 50 }, b: { rate: 0.9, episodes: 50 } } },
 *   ],
 * });
 * if (e.verdict(0b01).kind !== "winner" || e.verdict(0b11).kind !== "trade_off") throw new Error();
 * ```
 */
export function explainScoring(
  table: ScoreTable,
  options: ScoringOptions = {},
): ScoringExplanation {
  const result = scoreTable(table, options);
  const prepared = prepareScoreTable(table);
  const relations = buildPairRelations(prepared.inputs, resolveScoringOptions(options));
  const local = new Int32Array(table.miners.length).fill(-1);
  prepared.participants.forEach((mi, p) => local[mi] = p);
  const rel = new Relations(relations, prepared);
  return {
    result,
    verdict: (mask) => rel.verdict(mask, result.winners[mask] ?? -1),
    paretoFront: (mask) => rel.front(mask),
    beats(a, b, mask) {
      const p = local[a], q = local[b];
      return p >= 0 && q >= 0 && p !== q && rel.beats(p, q, mask);
    },
  };
}

/** The pairwise relations of the participants, in participant numbering. */
class Relations {
  readonly #r: PairRelations;
  readonly #prepared: PreparedScoreTable;

  constructor(relations: PairRelations, prepared: PreparedScoreTable) {
    this.#r = relations;
    this.#prepared = prepared;
  }

  beats(p: number, q: number, mask: number): boolean {
    const at = p * this.#r.m + q;
    return (mask & this.#r.worse[at]) === 0 && (mask & this.#r.win[at]) !== 0;
  }

  /** p eps-dominates q: nowhere worse beyond eps, somewhere better beyond it. */
  dominates(p: number, q: number, mask: number): boolean {
    const m = this.#r.m;
    return (mask & this.#r.worse[p * m + q]) === 0 && (mask & this.#r.worse[q * m + p]) !== 0;
  }

  front(mask: number): number[] {
    const { m } = this.#r;
    const out: number[] = [];
    for (let q = 0; q < m; q++) {
      let dominated = false;
      for (let p = 0; p < m && !dominated; p++) dominated = p !== q && this.dominates(p, q, mask);
      if (!dominated) out.push(this.#prepared.participants[q]);
    }
    return out;
  }

  verdict(mask: number, winner: number): SubsetVerdict {
    const { m } = this.#r;
    const idx = this.#prepared.participants;
    if (winner >= 0) return { kind: "winner", winner };
    if (m === 0) return { kind: "empty" };
    const all = this.#beatsEveryone(mask);
    if (all >= 0) return { kind: "no_skill", candidate: idx[all] };
    // the strongest miners first, so that the pair or cycle named is the interesting one
    const order = this.#bySum(mask);
    const beatenBy = (q: number) => order.find((p) => p !== q && this.beats(p, q, mask)) ?? -1;
    for (const a of order) {
      if (beatenBy(a) >= 0) continue;
      const b = order.find((q) => q !== a && !this.beats(a, q, mask))!;
      return { kind: "trade_off", a: idx[a], b: idx[b] };
    }
    // every miner is beaten by someone: walk back along "beaten by" until a miner repeats
    const seen = new Map<number, number>();
    const path: number[] = [];
    for (let q = order[0]; !seen.has(q); q = beatenBy(q)) {
      seen.set(q, path.length);
      path.push(q);
    }
    const start = seen.get(beatenBy(path[path.length - 1]))!;
    // path[i + 1] beats path[i]: reverse so that each member beats the next one
    return { kind: "cycle", cycle: path.slice(start).reverse().map((p) => idx[p]) };
  }

  /** The participant that beats every other one on `mask` (skill aside), or -1. */
  #beatsEveryone(mask: number): number {
    const { m } = this.#r;
    let c = 0;
    for (let i = 1; i < m; i++) if (!this.beats(c, i, mask)) c = i;
    for (let i = 0; i < m; i++) if (i !== c && !this.beats(c, i, mask)) return -1;
    return c;
  }

  #bySum(mask: number): number[] {
    const { m, k } = this.#r;
    const rates = this.#prepared.inputs.rates;
    const sum = new Float64Array(m);
    for (let p = 0; p < m; p++) {
      for (let e = 0; e < k; e++) if (mask & (1 << e)) sum[p] += rates[p * k + e];
    }
    return Array.from({ length: m }, (_, p) => p).sort((p, q) => sum[q] - sum[p] || p - q);
  }
}

/**
 * Aggregation of a cycle's episode outcomes into real per miner and environment counts.
 *
 * `infra_error` and `physics_error` are our faults: they are counted in `failures` (so they
 * stay visible) but never in `episodes` (the denominator of the success rate). A miner whose
 * episodes of an environment all ended with our faults has no result there
 * (`successRate: null`) and scoring treats that environment as missing for it.
 */

import { type EpisodeResultCode, isInfraFault } from "./wire/mod.ts";

/** The final outcome of one episode (or `count` identical ones). */
export interface EpisodeOutcome {
  uid: number;
  hotkey: string;
  envId: string;
  /** Final result code: `success`, `not_solved`, `miner_*`, `physics_error`, `infra_error`. */
  code: string;
  /** Episode reward (summed when `count` > 1). @default 0 */
  reward?: number;
  /** Number of identical outcomes this entry stands for. @default 1 */
  count?: number;
}

/** Real counts of one miner on one environment. */
export interface EnvTotals {
  uid: number;
  hotkey: string;
  envId: string;
  /** Scored episodes: every outcome except our faults. */
  episodes: number;
  successes: number;
  /** Counts of every non-success code, our faults included, e.g. `{not_solved: 40}`. */
  failures: Record<string, number>;
  /** `successes / episodes`, or null when no episode was scored (no result). */
  successRate: number | null;
  /** Mean reward over scored episodes (0 when none). */
  meanReward: number;
}

/**
 * Sums episode outcomes per (uid, hotkey, env). Output is sorted by uid, then hotkey, then
 * env id.
 *
 * @throws {RangeError} on a negative or non-integer count
 */
export function aggregateOutcomes(outcomes: Iterable<EpisodeOutcome>): EnvTotals[] {
  const byKey = new Map<string, EnvTotals & { rewardSum: number }>();
  for (const o of outcomes) {
    const n = o.count ?? 1;
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError(`Cannot aggregate outcomes: count "${n}" is not an integer >= 0`);
    }
    const key = `${o.uid}\u0000${o.hotkey}\u0000${o.envId}`;
    const t = byKey.getOrInsertComputed(key, () => ({
      uid: o.uid,
      hotkey: o.hotkey,
      envId: o.envId,
      episodes: 0,
      successes: 0,
      failures: {},
      successRate: null,
      meanReward: 0,
      rewardSum: 0,
    }));
    if (o.code === "success") t.successes += n;
    else t.failures[o.code] = (t.failures[o.code] ?? 0) + n;
    if (!isInfraFault(o.code as EpisodeResultCode)) {
      t.episodes += n;
      t.rewardSum += o.reward ?? 0;
    }
  }
  return [...byKey.values()]
    .map(({ rewardSum, ...t }) => ({
      ...t,
      successRate: t.episodes > 0 ? t.successes / t.episodes : null,
      meanReward: t.episodes > 0 ? rewardSum / t.episodes : 0,
    }))
    .sort((a, b) =>
      a.uid - b.uid || compareText(a.hotkey, b.hotkey) || compareText(a.envId, b.envId)
    );
}

/** A success rate and the counts behind it (the scoring input per env). */
export interface RateResult {
  rate: number;
  episodes: number;
  successes: number;
}

/**
 * Per miner (keyed `uid` + hotkey) results by env id, keeping only environments with a
 * result (at least one scored episode).
 */
export function resultsByMiner(
  totals: readonly EnvTotals[],
): Map<string, { uid: number; hotkey: string; results: Record<string, RateResult> }> {
  const out = new Map<
    string,
    { uid: number; hotkey: string; results: Record<string, RateResult> }
  >();
  for (const t of totals) {
    const m = out.getOrInsertComputed(
      minerKey(t.uid, t.hotkey),
      () => ({ uid: t.uid, hotkey: t.hotkey, results: {} }),
    );
    if (t.successRate !== null) {
      m.results[t.envId] = { rate: t.successRate, episodes: t.episodes, successes: t.successes };
    }
  }
  return out;
}

/** The map key of a miner in {@link resultsByMiner}: uid and hotkey. */
export function minerKey(uid: number, hotkey: string): string {
  return `${uid}/${hotkey}`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

import {
  type BurnTarget,
  burnWeights,
  type EnvTotals,
  minerKey,
  resultsByMiner,
  type ScoreTable,
  scoreTable,
  type ScoringOptions,
  type ScoringResult,
  toU16Weights,
} from "../../core/mod.ts";
import type { MinerScore } from "../../db/mod.ts";

/** A miner of the cycle's snapshot, as scoring needs it. */
export interface ScoredMinerInput {
  uid: number;
  hotkey: string;
  /** Block of the commitment; earlier wins ties. null sorts last. */
  firstBlock: number | null;
}

/**
 * One `miner_scores` row as the scheduler computes it: the database's row before it has a
 * cycle (one shape from scoring to storage; `successRate` is 0 when every episode ended with
 * our fault).
 */
export type ScoreRow = Omit<MinerScore, "cycleId">;

/** Weights of a cycle, as stored and signed: pairs sorted by uid, zero u16 values dropped. */
export interface CycleWeights {
  uids: number[];
  hotkeys: string[];
  valuesU16: number[];
  /** Softmax weights of the same uids (they sum to 1 up to the dropped near-zero ones). */
  weights: number[];
}

/** What {@link scoreCycle} computed. */
export interface CycleScoring {
  rows: ScoreRow[];
  table: ScoreTable;
  /** null when no miner has a result on any environment. */
  result: ScoringResult | null;
  weights: CycleWeights;
}

/**
 * Scores a cycle from its real per-env totals: builds the score table of the snapshot's
 * miners (environments without a scored episode are missing), runs ε-Pareto scoring and
 * turns the weights into their u16 form keyed by uid and hotkey. When no miner has points the
 * whole weight goes to `burn` (the subnet owner's uid).
 */
export function scoreCycle(
  input: {
    envIds: readonly string[];
    miners: readonly ScoredMinerInput[];
    totals: readonly EnvTotals[];
  },
  options: ScoringOptions = {},
  burn: BurnTarget = { uid: 0, hotkey: "" },
): CycleScoring {
  const byMiner = resultsByMiner(input.totals);
  const snapshot = new Set(input.miners.map((m) => minerKey(m.uid, m.hotkey)));
  const rows: ScoreRow[] = input.totals
    .filter((t) => snapshot.has(minerKey(t.uid, t.hotkey)))
    .map((t) => ({ ...t, successRate: t.successRate ?? 0 }));
  const table: ScoreTable = {
    envs: [...input.envIds],
    miners: input.miners.map((m) => ({
      uid: m.uid,
      hotkey: m.hotkey,
      firstBlock: m.firstBlock ?? Number.MAX_SAFE_INTEGER,
      results: byMiner.get(minerKey(m.uid, m.hotkey))?.results ?? {},
    })),
  };
  const anyResult = table.miners.some((m) => Object.keys(m.results).length > 0);
  if (!anyResult) {
    return {
      rows,
      table,
      result: null,
      weights: { uids: [], hotkeys: [], valuesU16: [], weights: [] },
    };
  }
  const result = scoreTable(table, options);
  return { rows, table, result, weights: cycleWeights(result, burn) };
}

/**
 * The weights of a scored cycle in their stored form: the miners' weights, or all of it on
 * `burn` when nobody earned points.
 */
export function cycleWeights(result: ScoringResult, burn: BurnTarget): CycleWeights {
  const entries = burnWeights(result, burn);
  const u16 = toU16Weights(entries);
  const floatByUid = new Map(entries.map((m) => [m.uid, m.weight]));
  return {
    uids: u16.uids,
    hotkeys: u16.hotkeys,
    valuesU16: u16.values,
    weights: u16.uids.map((uid) => floatByUid.get(uid)!),
  };
}

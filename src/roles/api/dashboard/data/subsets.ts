import { popcount, type SubsetVerdict } from "../../../../core/mod.ts";
import type { CycleBoard } from "./leaderboard.ts";

/** Subsets one miner won. */
export interface MinerWins {
  /** Index into the board's table. */
  index: number;
  uid: number;
  points: number;
  /** Number of won subsets by size (index 0 = size 1). */
  bySize: number[];
  /** The largest won subsets (masks over the table's environments), at most a few. */
  largest: number[];
}

/** Per subset size: how many subsets, with a winner, and without one by reason. */
export interface SizeSummary {
  size: number;
  subsets: number;
  withWinner: number;
  noWinner: number;
}

/** Subset winners of a cycle, and the subsets without one with the reason. */
export interface SubsetsView {
  envs: string[];
  winners: MinerWins[];
  sizes: SizeSummary[];
  /** The smallest subsets without a winner, each with its reason (at most `limit`). */
  noWinner: { mask: number; verdict: SubsetVerdict }[];
  noWinnerTotal: number;
  /** Counts of reasons over every subset without a winner; null when that would cost too much. */
  reasons: Record<"no_skill" | "trade_off" | "cycle" | "empty", number> | null;
}

/** Options of {@link buildSubsets}. */
export interface SubsetsOptions {
  /** Most subsets without a winner listed. @default 40 */
  limit?: number;
  /** Largest won subsets listed per miner. @default 3 */
  largest?: number;
  /** Work budget (subsets without winner x miners^2) for counting every reason. @default 2e7 */
  budget?: number;
}

/** Which subsets each miner won, and why the others have no winner. */
export function buildSubsets(board: CycleBoard, options: SubsetsOptions = {}): SubsetsView {
  const { limit = 40, largest = 3, budget = 2e7 } = options;
  const envs = board.table.envs as string[];
  const k = envs.length;
  const e = board.explanation;
  const sizes: SizeSummary[] = Array.from({ length: k }, (_, i) => ({
    size: i + 1,
    subsets: 0,
    withWinner: 0,
    noWinner: 0,
  }));
  const wins = new Map<number, MinerWins>();
  const missing: number[] = [];
  for (let mask = 1; mask < 1 << k; mask++) {
    const size = popcount(mask);
    const s = sizes[size - 1];
    s.subsets++;
    const w = e?.result.winners[mask] ?? -1;
    if (w < 0) {
      s.noWinner++;
      missing.push(mask);
      continue;
    }
    s.withWinner++;
    let mw = wins.get(w);
    if (!mw) {
      mw = {
        index: w,
        uid: board.table.miners[w].uid,
        points: e!.result.miners[w].points,
        bySize: new Array(k).fill(0),
        largest: [],
      };
      wins.set(w, mw);
    }
    mw.bySize[size - 1]++;
    mw.largest.push(mask);
  }
  for (const mw of wins.values()) {
    mw.largest = mw.largest.sort((a, b) => popcount(b) - popcount(a) || a - b).slice(0, largest);
  }
  missing.sort((a, b) => popcount(a) - popcount(b) || a - b);
  const verdict = (mask: number): SubsetVerdict => e?.verdict(mask) ?? { kind: "empty" };
  const m = board.table.miners.length;
  let reasons: SubsetsView["reasons"] = null;
  if (missing.length * m * m <= budget) {
    reasons = { no_skill: 0, trade_off: 0, cycle: 0, empty: 0 };
    for (const mask of missing) {
      const v = verdict(mask);
      if (v.kind !== "winner") reasons[v.kind]++;
    }
  }
  return {
    envs,
    winners: [...wins.values()].sort((a, b) => b.points - a.points || a.uid - b.uid),
    sizes,
    noWinner: missing.slice(0, limit).map((mask) => ({ mask, verdict: verdict(mask) })),
    noWinnerTotal: missing.length,
    reasons,
  };
}

/** The environments of a subset mask. */
export function envsOf(envs: readonly string[], mask: number): string[] {
  return envs.filter((_, i) => (mask & (1 << i)) !== 0);
}

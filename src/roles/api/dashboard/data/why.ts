import { pairEpsilon, type SubsetVerdict, wilsonInterval } from "../../../../core/mod.ts";
import type { CycleBoard } from "./leaderboard.ts";

/** A miner's rate on one environment with its 95% interval, or null without a result. */
export interface RatePoint {
  rate: number;
  low: number;
  high: number;
}

/** One miner of the scatter. */
export interface ScatterMiner {
  /** Index into the board's table and wire miners. */
  index: number;
  uid: number;
  x: RatePoint | null;
  y: RatePoint | null;
  /** On the eps-Pareto front of the two environments. */
  front: boolean;
  /** Noise margins against the reference miner on each environment (null for the reference). */
  eps: { x: number; y: number } | null;
  /** Outcome of this miner against the reference on the pair. */
  versus: "reference" | "beats" | "beaten" | "trade_off";
}

/** The "why" view of a cycle for two environments. */
export interface WhyView {
  envX: string;
  envY: string;
  /** Every miner with a result on either environment, by uid. */
  miners: ScatterMiner[];
  /** Index of the reference: the pair's winner, else the front member with the best sum. */
  reference: number | null;
  /** Verdicts of {x}, {y} and {x, y}. */
  verdicts: { envs: string[]; verdict: SubsetVerdict }[];
}

/**
 * Explains the pair of environments `envX`, `envY` of a board: each miner's rates with
 * intervals, the eps-Pareto front of the pair, margins against a reference miner, and the
 * verdicts of the two single environments and the pair.
 */
export function buildWhy(board: CycleBoard, envX: string, envY: string): WhyView {
  const { table, explanation, options } = board;
  const ex = table.envs.indexOf(envX), ey = table.envs.indexOf(envY);
  if (ex < 0 || ey < 0 || ex === ey) {
    throw new RangeError(`Cannot explain environments "${envX}" and "${envY}" of this cycle`);
  }
  const verdicts = [[ex], [ey], [ex, ey]].map((es) => ({
    envs: es.map((e) => table.envs[e]),
    verdict: explanation?.verdict(es.reduce((m, e) => m | (1 << e), 0)) ?? { kind: "empty" },
  }));
  if (!explanation) return { envX, envY, miners: [], reference: null, verdicts };
  const mask = (1 << ex) | (1 << ey);
  const front = new Set(explanation.paretoFront(mask));
  const pairVerdict = verdicts[2].verdict;
  const sum = (i: number) =>
    (table.miners[i].results[envX]?.rate ?? 0) + (table.miners[i].results[envY]?.rate ?? 0);
  const reference = pairVerdict.kind === "winner"
    ? pairVerdict.winner
    : [...front].sort((a, b) => sum(b) - sum(a) || a - b)[0] ?? null;
  const point = (i: number, env: string): RatePoint | null => {
    const r = board.wire.miners[i].results[env];
    if (!r || r.episodes === 0) return null;
    const ci = wilsonInterval(r.successes, r.episodes);
    return { rate: r.rate, low: ci.low, high: ci.high };
  };
  const miners: ScatterMiner[] = [];
  table.miners.forEach((m, i) => {
    const x = point(i, envX), y = point(i, envY);
    if (x === null && y === null) return;
    const ref = reference === null ? undefined : table.miners[reference];
    const eps = ref === undefined || i === reference ? null : {
      x: pairEpsilon(m.results[envX], ref.results[envX], options),
      y: pairEpsilon(m.results[envY], ref.results[envY], options),
    };
    const versus = reference === null || i === reference
      ? "reference"
      : explanation.beats(i, reference, mask)
      ? "beats"
      : explanation.beats(reference, i, mask)
      ? "beaten"
      : "trade_off";
    miners.push({ index: i, uid: m.uid, x, y, front: front.has(i), eps, versus });
  });
  return { envX, envY, miners, reference, verdicts };
}

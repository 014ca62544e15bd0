import { wilsonInterval } from "../../../../core/mod.ts";
import {
  type Cycle,
  type Db,
  getCycles,
  getWeightsByCycles,
  listReplays,
  minerScoreHistory,
  minerSightings,
  type ReplaySummary,
} from "../../../../db/mod.ts";

/** One environment's result of a miner in one cycle. */
export interface MinerRate {
  successes: number;
  episodes: number;
  rate: number;
  low: number;
  high: number;
}

/** A miner in one cycle. */
export interface MinerCycle {
  cycle: Cycle;
  hotkey: string;
  rates: Record<string, MinerRate>;
  /** Mean rate over the environments with a result; null without any. */
  meanRate: number | null;
  /** Weight and u16 weight from the cycle's signed record; null when it has none. */
  weight: number | null;
  u16: number | null;
}

/** A miner's page: what it committed, its cycles (newest first) and its replays. */
export interface MinerView {
  uid: number;
  hotkey: string;
  commitment: string | null;
  firstBlock: number | null;
  /** Environments over the shown cycles, in the newest cycle's order. */
  envs: string[];
  cycles: MinerCycle[];
  replays: ReplaySummary[];
}

/** Loads a miner's history over its newest `cycles` cycles, or null for an unknown uid. */
export async function loadMiner(db: Db, uid: number, cycles = 50): Promise<MinerView | null> {
  const [scores, sightings, replays] = await Promise.all([
    minerScoreHistory(db, uid, { cycles }),
    minerSightings(db, uid, { cycles }),
    listReplays(db, { minerUid: uid, limit: 60 }),
  ]);
  if (scores.length === 0 && sightings.length === 0) return null;
  const ids = [...new Set([...sightings.map((s) => s.cycleId), ...scores.map((s) => s.cycleId)])]
    .sort((a, b) => b - a).slice(0, cycles);
  const [cycleRows, weights] = await Promise.all([getCycles(db, ids), getWeightsByCycles(db, ids)]);
  const weightsOf = new Map(weights.map((w) => [w.cycleId, w]));
  const envs: string[] = [];
  for (const c of cycleRows) for (const e of c.envIds) if (!envs.includes(e)) envs.push(e);
  const latest = sightings[0];
  const view: MinerView = {
    uid,
    hotkey: latest?.hotkey ?? scores[0].hotkey,
    commitment: latest?.commitment ?? null,
    firstBlock: latest?.firstBlock ?? null,
    envs,
    cycles: cycleRows.map((cycle) => {
      const hotkey = sightings.find((s) => s.cycleId === cycle.id)?.hotkey ??
        scores.find((s) => s.cycleId === cycle.id)!.hotkey;
      const rates: Record<string, MinerRate> = {};
      for (const s of scores) {
        if (s.cycleId !== cycle.id || s.hotkey !== hotkey || s.episodes === 0) continue;
        const ci = wilsonInterval(s.successes, s.episodes);
        rates[s.envId] = {
          successes: s.successes,
          episodes: s.episodes,
          rate: s.successes / s.episodes,
          low: ci.low,
          high: ci.high,
        };
      }
      const values = Object.values(rates);
      const w = weightsOf.get(cycle.id);
      const at = w ? w.uids.findIndex((u, i) => u === uid && w.hotkeys[i] === hotkey) : -1;
      return {
        cycle,
        hotkey,
        rates,
        meanRate: values.length ? values.reduce((a, r) => a + r.rate, 0) / values.length : null,
        weight: w ? (at >= 0 ? w.weights[at] : 0) : null,
        u16: w ? (at >= 0 ? w.valuesU16[at] : 0) : null,
      };
    }),
    replays,
  };
  return view;
}

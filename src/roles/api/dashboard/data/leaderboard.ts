import {
  explainScoring,
  resolveScoringOptions,
  type ScoreTable,
  type ScoringExplanation,
  type ScoringParams,
  toU16Weights,
  wilsonInterval,
} from "../../../../core/mod.ts";
import type { LeaderboardResponse } from "../../../../core/wire/mod.ts";
import {
  type Cycle,
  type Db,
  getWeightsByCycle,
  listDuplicateGroups,
  listMiners,
  listScores,
  type MinerScore,
  type WeightsRecord,
} from "../../../../db/mod.ts";
import { presentCycle, presentScoring } from "../../present.ts";
import { cacheOf, memo } from "./cache.ts";
import type { DuplicateGroup } from "./sources.ts";

/** A cycle's leaderboard and the scoring behind it. */
export interface CycleBoard {
  cycle: Cycle;
  wire: LeaderboardResponse;
  /** The score table; `wire.miners[i]` is `table.miners[i]`. */
  table: ScoreTable;
  options: ScoringParams;
  /** null when no miner has a result. */
  explanation: ScoringExplanation | null;
  /** The cycle's signed weights record, when it has one. */
  record: WeightsRecord | null;
}

/**
 * Builds the leaderboard of a cycle from its public scores: per miner and environment the
 * success counts with a 95% Wilson interval, points recomputed with the cycle's scoring
 * parameters, weight and u16 weight from the signed record, commit block and duplicate group.
 * A finished cycle never changes, so its board is kept (a few per app).
 */
export function loadCycleBoard(db: Db, cycle: Cycle): Promise<CycleBoard> {
  const cache = cacheOf<string, { at: number; value: Promise<CycleBoard> }>(db, "board", 8);
  const ttl = cycle.status === "open" ? 1000 : Infinity;
  return memo(cache, `${cycle.id}/${cycle.status}`, ttl, async () => {
    const [scores, miners, weights, dup] = await Promise.all([
      listScores(db, cycle.id),
      listMiners(db, cycle.id),
      getWeightsByCycle(db, cycle.id),
      listDuplicateGroups(db, cycle.id),
    ]);
    const groups = dup.map((g) => ({ uids: g.uids, originUid: g.originUid }));
    return buildBoard(cycle, { scores, miners, weights, groups });
  });
}

function buildBoard(
  cycle: Cycle,
  input: {
    scores: MinerScore[];
    miners: Awaited<ReturnType<typeof listMiners>>;
    weights: WeightsRecord | null;
    groups: DuplicateGroup[];
  },
): CycleBoard {
  const options = resolveScoringOptions(cycle.scoring ?? {});
  const key = (uid: number, hotkey: string) => `${uid}/${hotkey}`;
  const rows = new Map<string, MinerScore[]>();
  for (const s of input.scores) {
    const k = key(s.uid, s.hotkey);
    rows.set(k, [...rows.get(k) ?? [], s]);
  }
  // the snapshot's miners, plus any scored miner missing from it (older data)
  const roster = input.miners.map((m) => ({ ...m }));
  const known = new Set(roster.map((m) => key(m.uid, m.hotkey)));
  for (const s of input.scores) {
    if (known.has(key(s.uid, s.hotkey))) continue;
    known.add(key(s.uid, s.hotkey));
    roster.push({
      uid: s.uid,
      hotkey: s.hotkey,
      commitment: null,
      endpoint: null,
      firstBlock: null,
    });
  }
  roster.sort((a, b) => a.uid - b.uid || (a.hotkey < b.hotkey ? -1 : 1));
  const envSet = new Set(cycle.envIds);
  const table: ScoreTable = {
    envs: [...cycle.envIds],
    miners: roster.map((m) => {
      const results: Record<string, { rate: number; episodes: number }> = {};
      for (const s of rows.get(key(m.uid, m.hotkey)) ?? []) {
        if (s.episodes > 0 && envSet.has(s.envId)) {
          results[s.envId] = { rate: s.successes / s.episodes, episodes: s.episodes };
        }
      }
      return {
        uid: m.uid,
        hotkey: m.hotkey,
        firstBlock: m.firstBlock ?? Number.MAX_SAFE_INTEGER,
        results,
      };
    }),
  };
  const anyResult = table.miners.some((m) => Object.keys(m.results).length > 0);
  const explanation = anyResult ? explainScoring(table, options) : null;
  const w = input.weights;
  const recorded = new Map<number, { hotkey: string; weight: number; u16: number }>();
  w?.uids.forEach((uid, i) =>
    recorded.set(uid, { hotkey: w.hotkeys[i], weight: w.weights[i], u16: w.valuesU16[i] })
  );
  const groupOf = new Map<number, number>();
  input.groups?.forEach((g, i) => g.uids.forEach((uid) => groupOf.set(uid, i)));
  const evaluated = new Set(roster.map((m) => m.uid));
  const wire: LeaderboardResponse = {
    cycle: presentCycle(cycle),
    scoring: presentScoring(options),
    "scoring_recorded": cycle.scoring !== null,
    miners: roster.map((m, i) => {
      const r = recorded.get(m.uid);
      const paid = r !== undefined && r.hotkey === m.hotkey;
      const results: LeaderboardResponse["miners"][number]["results"] = {};
      for (const s of rows.get(key(m.uid, m.hotkey)) ?? []) {
        const ci = wilsonInterval(s.successes, s.episodes);
        results[s.envId] = {
          successes: s.successes,
          episodes: s.episodes,
          rate: s.episodes > 0 ? s.successes / s.episodes : 0,
          low: ci.low,
          high: ci.high,
        };
      }
      return {
        uid: m.uid,
        hotkey: m.hotkey,
        first_block: m.firstBlock,
        commitment: m.commitment,
        points: explanation?.result.miners[i].points ?? 0,
        weight: paid ? r.weight : 0,
        weight_u16: paid ? r.u16 : 0,
        duplicate_group: groupOf.get(m.uid) ?? null,
        results,
      };
    }),
    "duplicate_groups": input.groups?.map((g) => ({ uids: g.uids, origin_uid: g.originUid })) ??
      null,
    "other_recipients": w
      ? w.uids.flatMap((uid, i) =>
        evaluated.has(uid) ? [] : [{
          uid,
          hotkey: w.hotkeys[i],
          weight: w.weights[i],
          weight_u16: w.valuesU16[i],
        }]
      )
      : [],
    weights: w
      ? { block: w.block, signer: w.signer, recomputed_match: matches(explanation, w) }
      : null,
  };
  return { cycle, wire, table, options, explanation, record: w };
}

function matches(explanation: ScoringExplanation | null, w: WeightsRecord): boolean {
  const u16 = explanation ? toU16Weights(explanation.result.miners) : { uids: [], values: [] };
  return u16.uids.length === w.uids.length &&
    u16.uids.every((uid, i) => uid === w.uids[i] && u16.values[i] === w.valuesU16[i]);
}

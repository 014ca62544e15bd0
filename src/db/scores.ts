import type { EnvTotals } from "../core/mod.ts";
import type { Db } from "./db.ts";

/**
 * Scores of one miner in one environment for one cycle: the aggregate's counts (core's
 * {@link EnvTotals}, one shape from aggregation to the API) stored under their cycle.
 */
export interface MinerScore extends Omit<EnvTotals, "successRate"> {
  cycleId: number;
  /** `successes / episodes`; stored as 0 when every episode ended with our fault. */
  successRate: number;
}

/** Stores (or replaces) the scores of a cycle. */
export async function saveScores(
  db: Db,
  cycleId: number,
  scores: readonly Omit<MinerScore, "cycleId">[],
): Promise<number> {
  if (scores.length === 0) return 0;
  const rows = await db.query(
    `INSERT INTO miner_scores (cycle_id, uid, hotkey, env_id, episodes, successes, failures,
       success_rate, mean_reward)
     SELECT $1, u.uid, u.hotkey, u.env_id, u.episodes, u.successes, u.failures::jsonb,
       u.success_rate, u.mean_reward
     FROM unnest($2::int[], $3::text[], $4::text[], $5::int[], $6::int[], $7::text[],
       $8::float8[], $9::float8[])
       AS u(uid, hotkey, env_id, episodes, successes, failures, success_rate, mean_reward)
     ON CONFLICT (cycle_id, uid, env_id) DO UPDATE SET hotkey = EXCLUDED.hotkey,
       episodes = EXCLUDED.episodes, successes = EXCLUDED.successes,
       failures = EXCLUDED.failures, success_rate = EXCLUDED.success_rate,
       mean_reward = EXCLUDED.mean_reward
     RETURNING uid`,
    [
      cycleId,
      scores.map((s) => s.uid),
      scores.map((s) => s.hotkey),
      scores.map((s) => s.envId),
      scores.map((s) => s.episodes),
      scores.map((s) => s.successes),
      scores.map((s) => JSON.stringify(s.failures)),
      scores.map((s) => s.successRate),
      scores.map((s) => s.meanReward),
    ],
  );
  return rows.length;
}

/** The columns of `miner_scores` that make a {@link MinerScore}, for a SELECT. */
export const SCORE_COLUMNS =
  "cycle_id, uid, hotkey, env_id, episodes, successes, failures, success_rate, mean_reward";

/** The scores of a cycle, by uid then environment. */
export function listScores(db: Db, cycleId: number): Promise<MinerScore[]> {
  return db.query<MinerScore>(
    `SELECT ${SCORE_COLUMNS} FROM miner_scores WHERE cycle_id = $1 ORDER BY uid, env_id`,
    [cycleId],
  );
}

/** Number of distinct miner uids ever scored. */
export async function countScoredMiners(db: Db): Promise<number> {
  const rows = await db.query<{ n: number }>("SELECT count(DISTINCT uid) AS n FROM miner_scores");
  return rows[0].n;
}

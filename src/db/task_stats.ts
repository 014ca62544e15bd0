import type { EnvTotals } from "../core/mod.ts";
import { MAX_ABS_REWARD } from "../core/wire/mod.ts";
import type { Db } from "./db.ts";
import { RETRIED_CODES, type TaskStatus } from "./tasks.ts";

/** Task counts of one cycle or of every cycle. */
export interface TaskStats {
  total: number;
  pending: number;
  leased: number;
  completed: number;
  failed: number;
  /** Distinct lease owners of leased tasks. */
  activeExecutors: string[];
}

/** Counts tasks by status, for one cycle or (cycleId null) all cycles. */
export async function taskStats(db: Db, cycleId: number | null): Promise<TaskStats> {
  const rows = await db.query<{ status: TaskStatus; n: number }>(
    `SELECT status, count(*) AS n FROM tasks WHERE ($1::int8 IS NULL OR cycle_id = $1)
     GROUP BY status`,
    [cycleId],
  );
  const s: TaskStats = {
    total: 0,
    pending: 0,
    leased: 0,
    completed: 0,
    failed: 0,
    activeExecutors: [],
  };
  for (const r of rows) {
    s[r.status] = r.n;
    s.total += r.n;
  }
  const owners = await db.query<{ leaseOwner: string }>(
    `SELECT DISTINCT lease_owner FROM tasks
     WHERE status = 'leased' AND ($1::int8 IS NULL OR cycle_id = $1) ORDER BY lease_owner`,
    [cycleId],
  );
  s.activeExecutors = owners.map((o) => o.leaseOwner);
  return s;
}

/** Number of tasks of a cycle that are not terminal (pending or leased). */
export async function countUnfinishedTasks(db: Db, cycleId: number): Promise<number> {
  const rows = await db.query<{ n: number }>(
    "SELECT count(*) AS n FROM tasks WHERE cycle_id = $1 AND status IN ('pending', 'leased')",
    [cycleId],
  );
  return rows[0].n;
}

/**
 * Per miner and environment totals of a cycle's terminal tasks: core's `EnvTotals` (scored
 * episodes exclude our faults; `failures` counts every non-success code) without the rate.
 */
export type CycleResultTotals = Omit<EnvTotals, "successRate">;

/**
 * Totals of a cycle's results per miner and environment, from each task's final code.
 * Tasks that ended with our fault count in `failures` but not in `episodes`.
 */
export async function aggregateCycleResults(
  db: Db,
  cycleId: number,
): Promise<CycleResultTotals[]> {
  const rows = await db.query<{
    uid: number;
    hotkey: string;
    envId: string;
    code: string;
    n: number;
    rewardSum: number;
  }>(
    `SELECT t.miner_uid AS uid, t.miner_hotkey AS hotkey, t.env_id, t.result_code AS code,
       count(*) AS n,
       -- each reward clamped to the wire bound, so that no stored row (from before the bound)
       -- can overflow the sum or make it NaN
       coalesce(sum(CASE WHEN r.reward = 'NaN'::float8 THEN 0
         ELSE least(greatest(r.reward, -$2::float8), $2::float8) END), 0)::float8 AS reward_sum
     FROM tasks t
     LEFT JOIN LATERAL (
       SELECT reward FROM episode_results e WHERE e.task_id = t.id ORDER BY e.id DESC LIMIT 1
     ) r ON true
     WHERE t.cycle_id = $1 AND t.status IN ('completed', 'failed')
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 3`,
    [cycleId, MAX_ABS_REWARD],
  );
  const byKey = new Map<string, CycleResultTotals & { rewardSum: number }>();
  for (const r of rows) {
    const key = `${r.uid}\u0000${r.hotkey}\u0000${r.envId}`;
    let agg = byKey.get(key);
    if (!agg) {
      agg = {
        uid: r.uid,
        hotkey: r.hotkey,
        envId: r.envId,
        episodes: 0,
        successes: 0,
        failures: {},
        meanReward: 0,
        rewardSum: 0,
      };
      byKey.set(key, agg);
    }
    const code = r.code ?? "infra_error";
    if (code === "success") agg.successes += r.n;
    else agg.failures[code] = (agg.failures[code] ?? 0) + r.n;
    if (!RETRIED_CODES.has(code)) {
      agg.episodes += r.n;
      agg.rewardSum += r.rewardSum;
    }
  }
  return [...byKey.values()].map(({ rewardSum, ...a }) => ({
    ...a,
    meanReward: a.episodes > 0 ? rewardSum / a.episodes : 0,
  }));
}

/** Task counts by status over open cycles (the pool depth metric). */
export async function poolDepth(db: Db): Promise<Record<TaskStatus, number>> {
  const rows = await db.query<{ status: TaskStatus; n: number }>(
    `SELECT status, count(*) AS n FROM tasks
     WHERE cycle_id IN (SELECT id FROM cycles WHERE status = 'open') GROUP BY status`,
  );
  const depth: Record<TaskStatus, number> = { pending: 0, leased: 0, completed: 0, failed: 0 };
  for (const r of rows) depth[r.status] = r.n;
  return depth;
}

/** Pending tasks of open cycles, counted up to `cap` (cheap enough for every claim). */
export async function countPendingTasks(db: Db, cap = 10_000): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `SELECT count(*) AS n FROM (
       SELECT 1 FROM tasks WHERE status = 'pending'
         AND cycle_id IN (SELECT id FROM cycles WHERE status = 'open') LIMIT $1) p`,
    [cap],
  );
  return rows[0].n;
}

import { aggregateOutcomes, type EnvTotals } from "../core/mod.ts";
import { MAX_ABS_REWARD } from "../core/wire/mod.ts";
import type { Db } from "./db.ts";
import type { TaskStatus } from "./tasks.ts";

/** Task counts of one cycle or of every cycle. */
export interface TaskStats {
  total: number;
  pending: number;
  leased: number;
  completed: number;
  failed: number;
  /**
   * Names of the API keys holding leases. Never the worker part of a lease owner (executor
   * ids default to host names) nor the key's id.
   */
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
  // lease owners are "<key name>#<key id>/<worker>" (see the API's task routes)
  const owners = await db.query<{ keyName: string }>(
    `SELECT DISTINCT split_part(split_part(lease_owner, '/', 1), '#', 1) AS key_name FROM tasks
     WHERE status = 'leased' AND ($1::int8 IS NULL OR cycle_id = $1) ORDER BY 1`,
    [cycleId],
  );
  s.activeExecutors = owners.map((o) => o.keyName);
  return s;
}

/**
 * Live leases (not expired) held by one API key, whose lease owners are `key` or
 * `key/<worker>`. Call inside a transaction holding {@link lockKeyLeases} to cap them.
 */
export async function countKeyLeases(db: Db, key: string, now?: Date): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM tasks
     WHERE status = 'leased' AND lease_expires_at > coalesce($2::timestamptz, now())
       AND (lease_owner = $1 OR starts_with(lease_owner, $1 || '/'))`,
    [key, now ?? null],
  );
  return row?.n ?? 0;
}

/** Serializes lease claims of one API key until the transaction ends. */
export async function lockKeyLeases(db: Db, keyId: number): Promise<void> {
  await db.query("SELECT pg_advisory_xact_lock(hashtext('kinitro-key-leases'), $1::int)", [keyId]);
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
  // a task without a result row ended without one of ours: counted as our fault
  const totals = aggregateOutcomes(rows.map((r) => ({
    uid: r.uid,
    hotkey: r.hotkey,
    envId: r.envId,
    code: r.code ?? "infra_error",
    reward: r.rewardSum,
    count: r.n,
  })));
  return totals.map(({ successRate: _, ...t }) => t);
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

import type { CycleProgressResponse } from "../../../../core/wire/mod.ts";
import {
  type Cycle,
  cycleProgress,
  type Db,
  getOpenCycle,
  listCycles,
} from "../../../../db/mod.ts";
import { presentCycle } from "../../present.ts";
import { cacheOf, memo } from "./cache.ts";

/** How long one count of a cycle's pool is shared between viewers. */
const PROGRESS_TTL_MS = 1000;

/** The cycle the "now" page shows: the open one, else the newest of any status, else null. */
export async function currentCycle(db: Db): Promise<Cycle | null> {
  return await getOpenCycle(db) ?? (await listCycles(db, { limit: 1 }))[0] ?? null;
}

/**
 * The live progress of a cycle: tasks by environment (in the cycle's order) and status,
 * results by executor name, throughput over the last minute (or since the cycle opened, when
 * sooner) and the time left to the deadline. Counts are shared for a second between callers.
 */
export function loadProgress(db: Db, cycle: Cycle): Promise<CycleProgressResponse> {
  const cache = cacheOf<string, { at: number; value: Promise<CycleProgressResponse> }>(
    db,
    "progress",
    16,
  );
  return memo(cache, `${cycle.id}/${cycle.status}`, PROGRESS_TTL_MS, async () => {
    const p = await cycleProgress(db, cycle.id);
    const order = new Map(cycle.envIds.map((e, i) => [e, i]));
    const envs = [...p.envs].sort((a, b) =>
      (order.get(a.envId) ?? order.size) - (order.get(b.envId) ?? order.size)
    );
    const end = cycle.completedAt ?? p.now;
    const elapsed = Math.max(1, (end.getTime() - cycle.createdAt.getTime()) / 1000);
    const window = Math.min(p.windowSeconds, elapsed);
    const totals = { total: 0, pending: 0, leased: 0, completed: 0, failed: 0 };
    for (const e of envs) {
      totals.pending += e.pending;
      totals.leased += e.leased;
      totals.completed += e.completed;
      totals.failed += e.failed;
    }
    totals.total = totals.pending + totals.leased + totals.completed + totals.failed;
    return {
      cycle: presentCycle(cycle),
      now: p.now.toISOString(),
      seconds_to_deadline: (cycle.deadline.getTime() - p.now.getTime()) / 1000,
      totals,
      envs: envs.map((e) => ({
        env_id: e.envId,
        pending: e.pending,
        leased: e.leased,
        completed: e.completed,
        failed: e.failed,
      })),
      executors: p.executors.map((x) => ({
        name: x.name,
        leased: x.leased,
        completed: x.completed,
        errors: x.errors,
        episodes_per_second: x.recent / window,
      })),
      episodes_per_second: p.recentResults / window,
      window_seconds: window,
    };
  });
}

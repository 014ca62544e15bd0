import type { Db } from "./db.ts";
import { RETRIED_CODES, type TaskStatus } from "./tasks.ts";

/** Task counts of one environment of a cycle, by status. */
export interface EnvProgress {
  envId: string;
  pending: number;
  leased: number;
  completed: number;
  failed: number;
}

/**
 * What one executor did in a cycle. `name` is the API key name the executor authenticated
 * with: the part of the lease owner before the first "/", never the worker or host name
 * after it.
 */
export interface ExecutorProgress {
  name: string;
  /** Tasks it holds a lease on now. */
  leased: number;
  /** Results it submitted that count (every code except our own faults). */
  completed: number;
  /** Results it submitted with our own faults (`infra_error`, `physics_error`; retried). */
  errors: number;
  /** Results it submitted within the window. */
  recent: number;
}

/** Progress of a cycle's task pool. */
export interface CycleProgress {
  cycleId: number;
  envs: EnvProgress[];
  executors: ExecutorProgress[];
  /** Results submitted within the last `windowSeconds`. */
  recentResults: number;
  windowSeconds: number;
  /** The database's clock when counted. */
  now: Date;
}

/** Options of {@link cycleProgress}. */
export interface CycleProgressOptions {
  /** Length of the throughput window in seconds. @default 60 */
  windowSeconds?: number;
}

/** Counts a cycle's tasks by environment and status, and its results by executor. */
export async function cycleProgress(
  db: Db,
  cycleId: number,
  options: CycleProgressOptions = {},
): Promise<CycleProgress> {
  const windowSeconds = options.windowSeconds ?? 60;
  const [byEnv, leased, results, clock] = await Promise.all([
    db.query<{ envId: string; status: TaskStatus; n: number }>(
      `SELECT env_id, status, count(*) AS n FROM tasks WHERE cycle_id = $1
       GROUP BY env_id, status`,
      [cycleId],
    ),
    db.query<{ name: string; n: number }>(
      `SELECT split_part(lease_owner, '/', 1) AS name, count(*) AS n FROM tasks
       WHERE cycle_id = $1 AND status = 'leased' GROUP BY 1`,
      [cycleId],
    ),
    db.query<{ name: string; completed: number; errors: number; recent: number }>(
      `SELECT split_part(e.executor, '/', 1) AS name,
         count(*) FILTER (WHERE NOT (e.code = ANY($3::text[]))) AS completed,
         count(*) FILTER (WHERE e.code = ANY($3::text[])) AS errors,
         count(*) FILTER (WHERE e.created_at > now() - make_interval(secs => $2)) AS recent
       FROM episode_results e JOIN tasks t ON t.id = e.task_id
       WHERE t.cycle_id = $1 GROUP BY 1`,
      [cycleId, windowSeconds, [...RETRIED_CODES]],
    ),
    db.query<{ now: Date }>("SELECT now() AS now"),
  ]);
  const envs = new Map<string, EnvProgress>();
  for (const r of byEnv) {
    let e = envs.get(r.envId);
    if (!e) {
      e = { envId: r.envId, pending: 0, leased: 0, completed: 0, failed: 0 };
      envs.set(r.envId, e);
    }
    e[r.status] = r.n;
  }
  const executors = new Map<string, ExecutorProgress>();
  const executor = (name: string) => {
    let x = executors.get(name);
    if (!x) {
      x = { name, leased: 0, completed: 0, errors: 0, recent: 0 };
      executors.set(name, x);
    }
    return x;
  };
  for (const r of leased) executor(r.name).leased = r.n;
  for (const r of results) Object.assign(executor(r.name), { ...r, name: r.name });
  return {
    cycleId,
    envs: [...envs.values()].sort((a, b) => a.envId < b.envId ? -1 : a.envId > b.envId ? 1 : 0),
    executors: [...executors.values()].sort((a, b) => a.name < b.name ? -1 : 1),
    recentResults: results.reduce((s, r) => s + r.recent, 0),
    windowSeconds,
    now: clock[0].now,
  };
}

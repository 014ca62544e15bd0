import { EPISODE_RESULT_CODES, type EpisodeResultCode, isInfraFault } from "../core/wire/mod.ts";
import type { Db } from "./db.ts";

/** Task status. */
export type TaskStatus = "pending" | "leased" | "completed" | "failed";

/** Episode result codes (`physics_error` and `infra_error` are ours: retried, never scored). */
export type ResultCode = EpisodeResultCode;

/** Codes that are our fault (the result code table's `ours`): retried, never scored. */
export const RETRIED_CODES: ReadonlySet<string> = new Set(
  EPISODE_RESULT_CODES.filter(isInfraFault),
);

/** One task to insert. */
export interface NewTask {
  minerUid: number;
  minerHotkey: string;
  minerEndpoint: string;
  envId: string;
  episodeIndex: number;
  /** Scene seed, a non-negative safe integer. Never sent to miners. */
  seed: number;
  /** @default 500 */
  maxSteps?: number;
}

/** Options of {@link insertTasks}. */
export interface InsertTasksOptions {
  /** Leases a task may take before it fails with `infra_error`. @default 3 */
  maxAttempts?: number;
}

/** Inserts the tasks of a cycle in one statement; returns how many were inserted. */
export async function insertTasks(
  db: Db,
  cycleId: number,
  tasks: readonly NewTask[],
  options: InsertTasksOptions = {},
): Promise<number> {
  if (tasks.length === 0) return 0;
  const rows = await db.query<{ n: number }>(
    `WITH ins AS (
       INSERT INTO tasks (cycle_id, miner_uid, miner_hotkey, miner_endpoint, env_id,
         episode_index, seed, max_steps, max_attempts)
       SELECT $1, u.*, $9 FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::int[],
         $7::int8[], $8::int[]) AS u
       RETURNING 1)
     SELECT count(*) AS n FROM ins`,
    [
      cycleId,
      tasks.map((t) => t.minerUid),
      tasks.map((t) => t.minerHotkey),
      tasks.map((t) => t.minerEndpoint),
      tasks.map((t) => t.envId),
      tasks.map((t) => t.episodeIndex),
      tasks.map((t) => t.seed),
      tasks.map((t) => t.maxSteps ?? 500),
      options.maxAttempts ?? 3,
    ],
  );
  // fresh statistics keep the claim on its ordered index scan from the first claim on
  await db.query("ANALYZE tasks");
  return rows[0].n;
}

/** A task handed to an executor under a lease. */
export interface ClaimedTask {
  taskId: string;
  leaseId: string;
  leaseExpiresAt: Date;
  cycleId: number;
  envId: string;
  episodeIndex: number;
  seed: number;
  maxSteps: number;
  minerUid: number;
  minerHotkey: string;
  minerEndpoint: string;
  /** 1 for the first lease of this task, 2 after one reclaim, … */
  attempt: number;
}

/** Options of {@link claimTasks}. */
export interface ClaimOptions {
  /** Lease owner recorded on each task (executor key name / id). */
  executorId: string;
  /** Most tasks to claim. */
  limit: number;
  /** Lease length in seconds. */
  leaseSeconds: number;
  /** Only these environments. @default undefined (all) */
  envIds?: readonly string[];
  /** Clock for lease expiry (tests). @default the database's now() */
  now?: Date;
  /** Cap on leases per task, below each task's own `max_attempts`. @default undefined */
  maxAttempts?: number;
}

/**
 * Claims up to `limit` tasks of open cycles (before their deadline) with
 * `FOR UPDATE SKIP LOCKED`, in one statement. Expired leases are reclaimed by the same
 * statement: a task with attempts left is leased again (new lease id), one without ends
 * `failed` with `infra_error`. Tasks are handed out episode by episode across miners.
 */
export async function claimTasks(db: Db, options: ClaimOptions): Promise<ClaimedTask[]> {
  const rows = await db.query<ClaimedTask>(
    `WITH open_cycles AS (
       SELECT id FROM cycles
       WHERE status = 'open' AND deadline > coalesce($4::timestamptz, now())
     ),
     exhausted AS (
       UPDATE tasks SET status = 'failed', result_code = 'infra_error', lease_owner = NULL,
         lease_id = NULL, lease_expires_at = NULL, updated_at = coalesce($4::timestamptz, now())
       WHERE id IN (
         SELECT id FROM tasks
         WHERE status = 'leased' AND lease_expires_at <= coalesce($4::timestamptz, now())
           AND attempts >= least(max_attempts, coalesce($6::int, max_attempts))
         FOR UPDATE SKIP LOCKED)
       RETURNING id
     ),
     expired AS (
       SELECT t.id, 0 AS pri FROM tasks t
       WHERE t.status = 'leased' AND t.lease_expires_at <= coalesce($4::timestamptz, now())
         AND t.attempts < least(t.max_attempts, coalesce($6::int, t.max_attempts))
         AND t.cycle_id IN (SELECT id FROM open_cycles)
         AND ($5::text[] IS NULL OR t.env_id = ANY($5::text[]))
       ORDER BY t.lease_expires_at LIMIT $2
       FOR UPDATE OF t SKIP LOCKED
     ),
     fresh AS (
       SELECT f.id, 1 AS pri FROM open_cycles oc CROSS JOIN LATERAL (
         SELECT t.id FROM tasks t
         WHERE t.status = 'pending' AND t.cycle_id = oc.id
           AND ($5::text[] IS NULL OR t.env_id = ANY($5::text[]))
         ORDER BY t.episode_index, t.miner_uid, t.env_id LIMIT $2
         FOR UPDATE OF t SKIP LOCKED
       ) f
       LIMIT $2
     ),
     picked AS (
       SELECT id FROM (SELECT * FROM expired UNION ALL SELECT * FROM fresh) p
       ORDER BY pri LIMIT $2
     )
     UPDATE tasks t SET status = 'leased', lease_owner = $1, lease_id = gen_random_uuid(),
       lease_expires_at = coalesce($4::timestamptz, now()) + make_interval(secs => $3),
       attempts = t.attempts + 1, updated_at = coalesce($4::timestamptz, now())
     FROM picked WHERE t.id = picked.id
     RETURNING t.id AS task_id, t.lease_id, t.lease_expires_at, t.cycle_id, t.env_id,
       t.episode_index, t.seed, t.max_steps, t.miner_uid, t.miner_hotkey, t.miner_endpoint,
       t.attempts AS attempt`,
    [
      options.executorId,
      options.limit,
      options.leaseSeconds,
      options.now ?? null,
      options.envIds && options.envIds.length > 0 ? options.envIds : null,
      options.maxAttempts ?? null,
    ],
  );
  return rows.sort((a, b) =>
    a.cycleId - b.cycleId || a.episodeIndex - b.episodeIndex || a.minerUid - b.minerUid ||
    (a.envId < b.envId ? -1 : a.envId > b.envId ? 1 : 0)
  );
}

/** One episode result for a leased task. */
export interface TaskResultInput {
  taskId: string;
  leaseId: string;
  code: ResultCode;
  /** @default 0 */
  steps?: number;
  /** @default 0 */
  reward?: number;
  /** @default 0 */
  missedActs?: number;
  /** @default null */
  latencyP50Ms?: number | null;
  /** @default null */
  latencyP99Ms?: number | null;
  /** @default 0 */
  wallMs?: number;
  /** Error text for failures. @default null */
  error?: string | null;
  /** Action-trace fingerprint (64 lower-case hex digits); null: not compared. @default null */
  fingerprint?: string | null;
  /** Renderer backend. @default null */
  renderer?: string | null;
  /** Model runtime or "http". @default null */
  runtime?: string | null;
  /** SHA-256 of the model run. @default null */
  modelSha256?: string | null;
  /** SHA-256 over the applied actions. @default null */
  actionDigest?: string | null;
}

/** Outcome of one submitted result. */
export interface SubmitOutcome {
  taskId: string;
  leaseId: string;
  /** `accepted`: recorded now; `duplicate`: this lease was recorded before; `rejected`. */
  status: "accepted" | "duplicate" | "rejected";
  /** Task status after an accepted result. */
  taskStatus?: TaskStatus;
  /** Why a result was rejected or a duplicate. */
  reason?: string;
}

/** Options of {@link submitResult}. */
export interface SubmitOptions {
  /** Lease owner that claimed the task. */
  executorId: string;
  /** Clock (tests). @default the database's now() */
  now?: Date;
}

interface SubmitRow {
  found: boolean;
  status: TaskStatus;
  leaseId: string | null;
  leaseOwner: string | null;
  cycleOpen: boolean;
  inserted: boolean;
  newStatus: TaskStatus | null;
}

/**
 * Records one result, keyed by its lease: the first submission of a lease is `accepted`,
 * the same lease again is a `duplicate` ("already recorded"), and a lease that is no longer
 * the task's current lease (expired and re-claimed, or ended) is `rejected` with a reason.
 * A late result for an expired lease nobody re-claimed is still accepted. `physics_error`
 * and `infra_error` put the task back to `pending` while attempts remain.
 */
export async function submitResult(
  db: Db,
  result: TaskResultInput,
  options: SubmitOptions,
): Promise<SubmitOutcome> {
  const { taskId, leaseId } = result;
  const retried = RETRIED_CODES.has(result.code);
  const rows = await db.query<SubmitRow>(
    `WITH clock AS (SELECT coalesce($13::timestamptz, now()) AS now),
     t AS (
       SELECT id, status, lease_id, lease_owner, attempts, max_attempts,
         cycle_id IN (SELECT id FROM cycles WHERE status = 'open') AS cycle_open
       FROM tasks WHERE id = $1 FOR UPDATE
     ),
     ins AS (
       INSERT INTO episode_results (task_id, lease_id, code, success, steps, reward, missed_acts,
         latency_p50_ms, latency_p99_ms, wall_ms, executor, error, created_at, fingerprint,
         renderer, runtime, model_sha256, action_digest)
       SELECT t.id, $2, $4, $4 = 'success', $5, $6, $7, $8, $9, $10, $3, $11, clock.now, $14,
         $15, $16, $17, $18
       FROM t, clock
       WHERE t.status = 'leased' AND t.lease_id = $2 AND t.lease_owner = $3 AND t.cycle_open
       ON CONFLICT (lease_id) DO NOTHING
       RETURNING task_id
     ),
     upd AS (
       UPDATE tasks SET
         status = CASE WHEN NOT $12 THEN 'completed'
           WHEN tasks.attempts < tasks.max_attempts THEN 'pending' ELSE 'failed' END,
         result_code = CASE WHEN NOT $12 OR tasks.attempts >= tasks.max_attempts
           THEN $4 ELSE NULL END,
         lease_owner = NULL, lease_id = NULL, lease_expires_at = NULL,
         updated_at = (SELECT now FROM clock)
       FROM ins WHERE tasks.id = ins.task_id
       RETURNING tasks.status
     )
     SELECT true AS found, t.status, t.lease_id::text, t.lease_owner, t.cycle_open,
       EXISTS (SELECT 1 FROM ins) AS inserted, (SELECT status FROM upd) AS new_status
     FROM t`,
    [
      taskId,
      leaseId,
      options.executorId,
      result.code,
      result.steps ?? 0,
      result.reward ?? 0,
      result.missedActs ?? 0,
      result.latencyP50Ms ?? null,
      result.latencyP99Ms ?? null,
      result.wallMs ?? 0,
      result.error ?? null,
      retried,
      options.now ?? null,
      result.fingerprint ?? null,
      result.renderer ?? null,
      result.runtime ?? null,
      result.modelSha256 ?? null,
      result.actionDigest ?? null,
    ],
  );
  const row = rows[0];
  const out = { taskId, leaseId };
  if (!row) return { ...out, status: "rejected", reason: `Task "${taskId}" does not exist` };
  if (row.inserted) return { ...out, status: "accepted", taskStatus: row.newStatus ?? undefined };
  const prior = await db.query<{ executor: string }>(
    "SELECT executor FROM episode_results WHERE lease_id = $1 AND task_id = $2",
    [leaseId, taskId],
  );
  if (prior.length > 0) {
    return {
      ...out,
      status: "duplicate",
      reason: `Result for lease "${leaseId}" already recorded`,
    };
  }
  return { ...out, status: "rejected", reason: rejectReason(row, leaseId, options.executorId) };
}

function rejectReason(row: SubmitRow, leaseId: string, executorId: string): string {
  if (row.leaseId !== null && row.leaseId !== leaseId) {
    return `Lease "${leaseId}" is no longer valid: it expired and the task was re-claimed`;
  }
  if (row.status === "pending") {
    return `Lease "${leaseId}" is no longer valid: it expired and the task went back to the pool`;
  }
  if (row.status === "completed" || row.status === "failed") {
    return `Task is already "${row.status}" under another lease`;
  }
  if (row.leaseOwner !== executorId) {
    return `Lease "${leaseId}" belongs to another executor`;
  }
  if (!row.cycleOpen) return "The task's cycle is no longer open";
  return `Lease "${leaseId}" is not the task's current lease`;
}

/** Records several results, one statement each; outcomes in input order. */
export async function submitResults(
  db: Db,
  results: readonly TaskResultInput[],
  options: SubmitOptions,
): Promise<SubmitOutcome[]> {
  const out: SubmitOutcome[] = [];
  for (const r of results) out.push(await submitResult(db, r, options));
  return out;
}

/** A lease to extend. */
export interface LeaseRef {
  taskId: string;
  leaseId: string;
}

/** Outcome of one heartbeat item. */
export interface HeartbeatOutcome extends LeaseRef {
  status: "extended" | "rejected";
  leaseExpiresAt?: Date;
  reason?: string;
}

/** Options of {@link extendLeases}. */
export interface ExtendLeasesOptions {
  executorId: string;
  leaseSeconds: number;
  /** Clock (tests). @default the database's now() */
  now?: Date;
}

/**
 * Extends leases still held by `executorId` (an expired lease nobody re-claimed is extended
 * too). Items whose lease is gone are rejected with a reason.
 */
export async function extendLeases(
  db: Db,
  leases: readonly LeaseRef[],
  options: ExtendLeasesOptions,
): Promise<HeartbeatOutcome[]> {
  if (leases.length === 0) return [];
  const rows = await db.query<{ taskId: string; leaseId: string; leaseExpiresAt: Date }>(
    `UPDATE tasks t SET lease_expires_at = coalesce($5::timestamptz, now())
         + make_interval(secs => $4), updated_at = coalesce($5::timestamptz, now())
     FROM unnest($1::uuid[], $2::uuid[]) AS r(task_id, lease_id)
     WHERE t.id = r.task_id AND t.lease_id = r.lease_id AND t.status = 'leased'
       AND t.lease_owner = $3
     RETURNING t.id::text AS task_id, t.lease_id::text AS lease_id, t.lease_expires_at`,
    [
      leases.map((l) => l.taskId),
      leases.map((l) => l.leaseId),
      options.executorId,
      options.leaseSeconds,
      options.now ?? null,
    ],
  );
  const extended = new Map(rows.map((r) => [`${r.taskId}/${r.leaseId}`, r.leaseExpiresAt]));
  return leases.map((l) => {
    const at = extended.get(`${l.taskId}/${l.leaseId}`);
    return at
      ? { ...l, status: "extended", leaseExpiresAt: at }
      : { ...l, status: "rejected", reason: `Lease "${l.leaseId}" is not held by this executor` };
  });
}

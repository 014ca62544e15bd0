import { Hono } from "hono";
import {
  claimTasks,
  countPendingTasks,
  type Db,
  extendLeases,
  getOpenCycle,
  submitResults,
  taskStats,
} from "../../../db/mod.ts";
import {
  FetchTasksRequestSchema,
  type FetchTasksResponse,
  HeartbeatRequestSchema,
  type HeartbeatResponse,
  SubmitTasksRequestSchema,
  type SubmitTasksResponse,
  type TaskStatsResponse,
} from "../../../core/wire/mod.ts";
import type { AppEnv } from "../_env.ts";
import { intParam, readJson } from "../_errors.ts";
import { requireApiKey } from "../middleware/auth.ts";
import { presentTask } from "../present.ts";
import { decodeReplays, DEFAULT_REPLAY_MAX_BYTES, storeReplays } from "./_replay_upload.ts";

/** The lease owner: the key's name, plus the worker name the executor gave. */
function ownerOf(keyName: string, executorId: string | undefined): string {
  return executorId ? `${keyName}/${executorId}` : keyName;
}

/** Executor routes (fetch, submit, heartbeat; API key required) and public pool stats. */
export function taskRoutes(
  authCacheSeconds?: number,
  pendingCountTtlMs = 1000,
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const auth = requireApiKey(authCacheSeconds);
  // total_pending is advisory (executors back off on 0): refresh it at most every TTL
  let pending = { value: 0, at: -Infinity };
  async function pendingCount(db: Db): Promise<number> {
    const now = performance.now();
    if (now - pending.at >= pendingCountTtlMs) {
      pending = { value: await countPendingTasks(db), at: now };
    }
    return pending.value;
  }

  app.post("/fetch", auth, async (c) => {
    const { db, settings, now } = c.get("deps");
    const body = await readJson(c, FetchTasksRequestSchema);
    const tasks = await claimTasks(db, {
      executorId: ownerOf(c.get("apiKey").name, body.executor_id),
      limit: body.batch_size,
      leaseSeconds: settings.leaseSeconds,
      maxAttempts: settings.maxAttempts,
      envIds: body.env_ids ?? undefined,
      now: now?.(),
    });
    return c.json(
      {
        tasks: tasks.map(presentTask),
        total_pending: await pendingCount(db),
      } satisfies FetchTasksResponse,
    );
  });

  app.post("/submit", auth, async (c) => {
    const { db, now, settings, log } = c.get("deps");
    const body = await readJson(c, SubmitTasksRequestSchema);
    // checked before anything is recorded, so a refused replay leaves no half-submitted batch
    const replays = decodeReplays(
      body.results,
      settings.replayMaxBytes ?? DEFAULT_REPLAY_MAX_BYTES,
    );
    const outcomes = await submitResults(
      db,
      body.results.map((r) => ({
        taskId: r.task_id,
        leaseId: r.lease_id,
        code: r.code,
        steps: r.steps,
        reward: r.reward,
        missedActs: r.missed_acts,
        latencyP50Ms: r.latency_p50_ms ?? null,
        latencyP99Ms: r.latency_p99_ms ?? null,
        wallMs: r.wall_ms,
        error: r.error ?? null,
      })),
      { executorId: ownerOf(c.get("apiKey").name, body.executor_id), now: now?.() },
    );
    await storeReplays(db, replays, outcomes, {
      keepCycles: settings.replayKeepCycles,
      log,
    });
    return c.json(
      {
        accepted: outcomes.filter((o) => o.status === "accepted").length,
        duplicates: outcomes.filter((o) => o.status === "duplicate").length,
        rejected: outcomes.filter((o) => o.status === "rejected").length,
        results: outcomes.map((o) => ({
          task_id: o.taskId,
          lease_id: o.leaseId,
          status: o.status,
          ...(o.reason ? { reason: o.reason } : {}),
        })),
        errors: outcomes.filter((o) => o.status === "rejected").map((o) =>
          `Task "${o.taskId}": ${o.reason}`
        ),
      } satisfies SubmitTasksResponse,
    );
  });

  app.post("/heartbeat", auth, async (c) => {
    const { db, settings, now } = c.get("deps");
    const body = await readJson(c, HeartbeatRequestSchema);
    const out = await extendLeases(
      db,
      body.leases.map((l) => ({ taskId: l.task_id, leaseId: l.lease_id })),
      {
        executorId: ownerOf(c.get("apiKey").name, body.executor_id),
        leaseSeconds: settings.leaseSeconds,
        now: now?.(),
      },
    );
    return c.json(
      {
        results: out.map((o) => ({
          task_id: o.taskId,
          lease_id: o.leaseId,
          status: o.status,
          ...(o.leaseExpiresAt ? { lease_expires_at: o.leaseExpiresAt.toISOString() } : {}),
          ...(o.reason ? { reason: o.reason } : {}),
        })),
      } satisfies HeartbeatResponse,
    );
  });

  app.get("/stats", async (c) => {
    const { db } = c.get("deps");
    const q = c.req.query("cycle_id");
    const cycleId = q === undefined || q === "" ? (await getOpenCycle(db))?.id ?? null : intParam(
      "cycle_id",
      q,
    );
    const s = await taskStats(db, cycleId);
    return c.json(
      {
        current_cycle_id: cycleId,
        total_tasks: s.total,
        pending_tasks: s.pending,
        leased_tasks: s.leased,
        completed_tasks: s.completed,
        failed_tasks: s.failed,
        active_executors: s.activeExecutors,
      } satisfies TaskStatsResponse,
    );
  });

  return app;
}

/**
 * The executor loop: claim tasks while slots are free, run each episode, heartbeat the
 * leases of episodes in flight, submit each result once (retrying transient API failures).
 * On `signal` it stops claiming, lets episodes in flight finish for `shutdownGraceMs`, then
 * aborts the rest and releases them (an `infra_error` result puts a task back to pending).
 */
import type {
  FetchTasksResponse,
  HeartbeatResponse,
  LeasedTask,
  SubmitTasksResponse,
  TaskResult,
} from "../../core/wire/mod.ts";
import { cleanText, isMinerFault } from "../../core/wire/mod.ts";
import type { Logger } from "../../log/mod.ts";
import { isRetryable, pause, withRetry } from "./_retry.ts";
import type { EpisodeExecutor } from "./runner.ts";
import type { EpisodeResult } from "./types.ts";

/** The task routes of the API the loop uses (`client/`'s `ApiClient` satisfies it). */
export interface TaskApi {
  fetchTasks(
    options: { batchSize?: number; envIds?: string[]; signal?: AbortSignal },
  ): Promise<FetchTasksResponse>;
  submitResults(results: TaskResult[], signal?: AbortSignal): Promise<SubmitTasksResponse>;
  heartbeat(
    leases: { task_id: string; lease_id: string }[],
    signal?: AbortSignal,
  ): Promise<HeartbeatResponse>;
}

/** Options of {@link runExecutorLoop}. */
export interface ExecutorLoopOptions {
  api: TaskApi;
  executor: EpisodeExecutor;
  /** Most episodes in flight. */
  capacity: number;
  log: Logger;
  /** Stops claiming; episodes in flight finish (or are released after the grace). */
  signal: AbortSignal;
  /** Most tasks per fetch. @default capacity */
  batchSize?: number;
  /** Only these environments. @default all */
  envIds?: string[];
  /** Wait after a fetch that found no work. @default 5000 */
  pollIntervalMs?: number;
  /**
   * How often leases are checked; a lease is extended once a third of it has passed.
   * @default 1000
   */
  heartbeatIntervalMs?: number;
  /** How long episodes in flight may run after `signal`. @default 30000 */
  shutdownGraceMs?: number;
  /** How long a result submission is retried. @default 300000 */
  submitDeadlineMs?: number;
  /** How often a progress line (in flight, results by code) is logged at info. @default 60000 */
  progressIntervalMs?: number;
  /** Stop when a fetch finds no work and nothing is in flight (tests, one-shot runs). @default false */
  exitWhenIdle?: boolean;
}

/** What the loop did. */
export interface ExecutorStats {
  claimed: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Results that could not be submitted (the lease will expire and the task re-run). */
  lost: number;
  /** Released at shutdown (submitted as `infra_error`). */
  released: number;
  /** Leases lost while running (re-claimed elsewhere): the episode was abandoned. */
  abandoned: number;
  codes: Record<string, number>;
}

interface Flight {
  task: LeasedTask;
  expiresAt: number;
  /** Length of the lease as granted, in ms. */
  leaseMs: number;
  abort: AbortController;
  done: Promise<void>;
}

/** Runs the executor until `signal` aborts (or, with `exitWhenIdle`, until no work is left). */
export async function runExecutorLoop(options: ExecutorLoopOptions): Promise<ExecutorStats> {
  const { api, executor, log, signal } = options;
  const capacity = Math.max(1, options.capacity);
  const batchSize = Math.min(100, options.batchSize ?? capacity);
  const pollMs = options.pollIntervalMs ?? 5000;
  const stats: ExecutorStats = {
    claimed: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    lost: 0,
    released: 0,
    abandoned: 0,
    codes: {},
  };
  const flights = new Map<string, Flight>();
  // Aborted at the end of the shutdown grace: stops the episodes still running.
  const stopEpisodes = new AbortController();
  // Aborted a little later: stops heartbeats and submit retries.
  const hard = new AbortController();
  let wake: () => void = () => {};
  const slotFreed = () => wake();

  const start = (task: LeasedTask) => {
    const abort = new AbortController();
    const episodeSignal = AbortSignal.any([abort.signal, stopEpisodes.signal]);
    const expiresAt = Date.parse(task.lease_expires_at);
    const flight: Flight = {
      task,
      expiresAt,
      leaseMs: Math.max(1000, expiresAt - Date.now()),
      abort,
      done: Promise.resolve(),
    };
    flight.done = (async () => {
      let result: EpisodeResult;
      try {
        result = await executor.run({
          envId: task.env_id,
          seed: task.seed,
          episodeId: task.task_id,
          maxSteps: task.max_steps,
          minerEndpoint: task.miner_endpoint,
          episodeIndex: task.episode_index,
        }, episodeSignal);
      } catch (err) {
        // The executor itself failed (a worker died): ours, so the task is retried.
        result = crashResult(err);
      }
      try {
        // Lease lost (re-claimed elsewhere): its result would be rejected.
        if (abort.signal.aborted) {
          stats.abandoned++;
          return;
        }
        await submit(task, result);
      } finally {
        flights.delete(task.task_id);
        slotFreed();
      }
    })();
    flights.set(task.task_id, flight);
  };

  const submit = async (task: LeasedTask, result: EpisodeResult) => {
    const code = result.aborted ? "infra_error" : result.code;
    stats.codes[code] = (stats.codes[code] ?? 0) + 1;
    if (result.aborted) stats.released++;
    const fields = { taskId: task.task_id, envId: task.env_id, minerUid: task.miner_uid, code };
    if (isMinerFault(code)) {
      log.warn("Episode failed by the miner", { ...fields, error: result.error });
    } else if (code === "infra_error" || code === "physics_error") {
      log.warn("Episode failed on our side; the task will be retried", {
        ...fields,
        error: result.error,
      });
    } else log.debug("Episode finished", { ...fields, steps: result.steps });
    try {
      const res = await withRetry(() => api.submitResults([toWire(task, result)], hard.signal), {
        deadlineMs: options.submitDeadlineMs ?? 300_000,
        signal: hard.signal,
        onRetry: (err, attempt) =>
          log.warn("Cannot submit result yet, retrying", {
            taskId: task.task_id,
            attempt,
            error: String(err),
          }),
      });
      stats.accepted += res.accepted;
      stats.duplicates += res.duplicates;
      stats.rejected += res.rejected;
      if (res.rejected > 0) {
        log.warn("Result rejected", { taskId: task.task_id, errors: res.errors });
      }
    } catch (err) {
      stats.lost++;
      log.error("Cannot submit result: giving up, the lease will expire", {
        taskId: task.task_id,
        error: String(err),
      });
    }
  };

  const heartbeats = (async () => {
    const every = options.heartbeatIntervalMs ?? 1000;
    while (!hard.signal.aborted) {
      await pause(every, hard.signal);
      const now = Date.now();
      const due = [...flights.values()].filter((f) => f.expiresAt - now < (f.leaseMs * 2) / 3);
      for (let i = 0; i < due.length && !hard.signal.aborted; i += 100) {
        const chunk = due.slice(i, i + 100);
        try {
          const res = await api.heartbeat(
            chunk.map((f) => ({ "task_id": f.task.task_id, "lease_id": f.task.lease_id })),
            hard.signal,
          );
          for (const r of res.results) {
            const f = flights.get(r.task_id);
            if (f === undefined || f.task.lease_id !== r.lease_id) continue;
            if (r.status === "extended" && r.lease_expires_at) {
              f.expiresAt = Date.parse(r.lease_expires_at);
            } else if (r.status === "rejected") {
              log.warn("Lease lost: abandoning the episode", {
                taskId: r.task_id,
                reason: r.reason,
              });
              f.abort.abort();
            }
          }
        } catch (err) {
          if (!hard.signal.aborted) log.warn("Cannot extend leases", { error: String(err) });
        }
      }
    }
  })();

  const progress = setInterval(
    () => log.info("Executor progress", { inFlight: flights.size, ...stats }),
    options.progressIntervalMs ?? 60_000,
  );
  log.info("Executor started", { capacity, batchSize });
  try {
    while (!signal.aborted) {
      const free = capacity - flights.size;
      if (free <= 0) {
        await new Promise<void>((resolve) => {
          const done = () => {
            signal.removeEventListener("abort", done);
            resolve();
          };
          wake = done;
          signal.addEventListener("abort", done, { once: true });
        });
        continue;
      }
      let res: FetchTasksResponse;
      try {
        res = await api.fetchTasks({
          batchSize: Math.min(free, batchSize),
          envIds: options.envIds,
        });
      } catch (err) {
        if (signal.aborted) break;
        if (!isRetryable(err)) throw err;
        log.warn("Cannot fetch tasks, retrying", { error: String(err) });
        await pause(Math.min(pollMs, 5000), signal);
        continue;
      }
      stats.claimed += res.tasks.length;
      for (const task of res.tasks) start(task);
      if (res.tasks.length === 0 && flights.size === 0 && options.exitWhenIdle) break;
      if (res.tasks.length < Math.min(free, batchSize)) {
        // The pool ran dry: wait for the poll interval (or for shutdown).
        await pause(pollMs, signal);
      }
    }
    if (flights.size > 0) {
      log.info("Stopping: waiting for episodes in flight", { inFlight: flights.size });
    }
    const grace = options.shutdownGraceMs ?? 30_000;
    const timers = [
      setTimeout(() => stopEpisodes.abort(), grace),
      // Released episodes still get a few seconds to submit.
      setTimeout(() => hard.abort(), grace + 10_000),
    ];
    await Promise.all([...flights.values()].map((f) => f.done));
    timers.forEach(clearTimeout);
  } finally {
    clearInterval(progress);
    stopEpisodes.abort();
    hard.abort();
    await Promise.all([...flights.values()].map((f) => f.done));
    await heartbeats;
  }
  log.info("Executor stopped", { ...stats });
  return stats;
}

function toWire(task: LeasedTask, r: EpisodeResult): TaskResult {
  return {
    "task_id": task.task_id,
    "lease_id": task.lease_id,
    code: r.aborted ? "infra_error" : r.code,
    steps: r.steps,
    reward: r.reward,
    "missed_acts": r.missedActs,
    "latency_p50_ms": r.latencyP50Ms,
    "latency_p99_ms": r.latencyP99Ms,
    "wall_ms": r.wallMs,
    error: r.error === null ? null : cleanText(r.error, 2000),
    ...(r.replay && !r.aborted ? { replay: r.replay } : {}),
  };
}

function crashResult(err: unknown): EpisodeResult {
  return {
    code: "infra_error",
    success: false,
    steps: 0,
    reward: 0,
    missedActs: 0,
    latencyP50Ms: null,
    latencyP99Ms: null,
    wallMs: 0,
    minerMs: 0,
    error: `Cannot run episode: ${err instanceof Error ? err.message : String(err)}`,
    aborted: false,
  };
}

/**
 * The executor loop: claim tasks while slots are free, run each episode, heartbeat the
 * leases of episodes in flight, submit each result once (retrying transient API failures).
 * On `signal` it stops claiming, lets episodes in flight finish for `shutdownGraceMs`, then
 * aborts the rest and releases them (an `infra_error` result puts a task back to pending).
 */
import type {
  FetchTasksResponse,
  HeartbeatResponse,
  SubmitTasksResponse,
  TaskResult,
} from "../../core/wire/mod.ts";
import type { Logger } from "../../log/mod.ts";
import { ExecutorRun } from "./loop_steps.ts";
import type { EpisodeExecutor } from "./runner.ts";

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

/**
 * Runs the executor until `signal` aborts (or, with `exitWhenIdle`, until no work is left):
 * lease tasks for free slots (each runs and submits on its own), heartbeat the leases in flight,
 * and on shutdown release what is still running after the grace.
 */
export async function runExecutorLoop(options: ExecutorLoopOptions): Promise<ExecutorStats> {
  const { log, signal } = options;
  const run = new ExecutorRun(options);
  const heartbeats = run.heartbeat();
  const progress = setInterval(
    () => log.info("Executor progress", { inFlight: run.flights.size, ...run.stats }),
    options.progressIntervalMs ?? 60_000,
  );
  log.info("Executor started", { capacity: run.capacity, batchSize: run.batchSize });
  try {
    while (!signal.aborted) {
      if (!(await run.lease())) break;
    }
    await run.release();
  } finally {
    clearInterval(progress);
    await run.close();
    await heartbeats;
  }
  log.info("Executor stopped", { ...run.stats });
  return run.stats;
}

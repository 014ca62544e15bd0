/**
 * The named steps of the executor loop over shared state: {@link ExecutorRun.lease} claims
 * tasks for free slots, {@link ExecutorRun.run} runs one episode, {@link ExecutorRun.submit}
 * reports its result once, {@link ExecutorRun.heartbeat} extends leases in flight, and
 * {@link ExecutorRun.release} ends the episodes still running after the shutdown grace.
 */
import type { FetchTasksResponse, LeasedTask } from "../../core/wire/mod.ts";
import { isInfraFault, isMinerFault } from "../../core/wire/mod.ts";
import { pause } from "../../core/mod.ts";
import { isRetryable, withRetry } from "./_retry.ts";
import { toWireResult, unstartedResult } from "./_results.ts";
import type { ExecutorLoopOptions, ExecutorStats } from "./loop.ts";
import type { EpisodeResult } from "./types.ts";

interface Flight {
  task: LeasedTask;
  expiresAt: number;
  /** Length of the lease as granted, in ms. */
  leaseMs: number;
  abort: AbortController;
  done: Promise<void>;
}

/** One run of the executor loop: its episodes in flight, counters and stop signals. */
export class ExecutorRun {
  readonly stats: ExecutorStats = {
    claimed: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    lost: 0,
    released: 0,
    abandoned: 0,
    codes: {},
  };
  readonly flights = new Map<string, Flight>();
  readonly capacity: number;
  readonly batchSize: number;
  readonly #options: ExecutorLoopOptions;
  readonly #pollMs: number;
  /** Aborted at the end of the shutdown grace: stops the episodes still running. */
  readonly #stopEpisodes = new AbortController();
  /** Aborted a little later: stops heartbeats and submit retries. */
  readonly #hard = new AbortController();
  #wake: () => void = () => {};

  constructor(options: ExecutorLoopOptions) {
    this.#options = options;
    this.capacity = Math.max(1, options.capacity);
    this.batchSize = Math.min(100, options.batchSize ?? this.capacity);
    this.#pollMs = options.pollIntervalMs ?? 5000;
  }

  /**
   * One claiming step: waits for a free slot, or fetches up to a batch of tasks and runs each
   * (waiting for the poll interval when the pool ran dry). Resolves `false` when the loop
   * should stop claiming (shutdown during a fetch, or idle with `exitWhenIdle`).
   *
   * @throws the fetch error when it is not retryable
   */
  async lease(): Promise<boolean> {
    const { api, log, signal } = this.#options;
    const free = this.capacity - this.flights.size;
    if (free <= 0) {
      await this.#slotFreed(signal);
      return true;
    }
    let res: FetchTasksResponse;
    try {
      res = await api.fetchTasks({
        batchSize: Math.min(free, this.batchSize),
        envIds: this.#options.envIds,
      });
    } catch (err) {
      if (signal.aborted) return false;
      if (!isRetryable(err)) throw err;
      log.warn("Cannot fetch tasks, retrying", { error: String(err) });
      await pause(Math.min(this.#pollMs, 5000), signal);
      return true;
    }
    this.stats.claimed += res.tasks.length;
    for (const task of res.tasks) this.run(task);
    if (res.tasks.length === 0 && this.flights.size === 0 && this.#options.exitWhenIdle) {
      return false;
    }
    if (res.tasks.length < Math.min(free, this.batchSize)) {
      // The pool ran dry: wait for the poll interval (or for shutdown).
      await pause(this.#pollMs, signal);
    }
    return true;
  }

  /** Starts `task`'s episode in a slot; its result is submitted when it ends. */
  run(task: LeasedTask): void {
    const abort = new AbortController();
    const episodeSignal = AbortSignal.any([abort.signal, this.#stopEpisodes.signal]);
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
        result = await this.#options.executor.run({
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
          this.stats.abandoned++;
          return;
        }
        await this.submit(task, result);
      } finally {
        this.flights.delete(task.task_id);
        this.#wake();
      }
    })();
    this.flights.set(task.task_id, flight);
  }

  /** Logs and counts `result`, then submits it (retrying transient API failures). */
  async submit(task: LeasedTask, result: EpisodeResult): Promise<void> {
    const { api, log } = this.#options;
    const { stats } = this;
    const code = result.aborted ? "infra_error" : result.code;
    stats.codes[code] = (stats.codes[code] ?? 0) + 1;
    if (result.aborted) stats.released++;
    const fields = { taskId: task.task_id, envId: task.env_id, minerUid: task.miner_uid, code };
    if (isMinerFault(code)) {
      log.warn("Episode failed by the miner", { ...fields, error: result.error });
    } else if (isInfraFault(code)) {
      log.warn("Episode failed on our side; the task will be retried", {
        ...fields,
        error: result.error,
      });
    } else log.debug("Episode finished", { ...fields, steps: result.steps });
    const hard = this.#hard.signal;
    try {
      const res = await withRetry(() => api.submitResults([toWireResult(task, result)], hard), {
        deadlineMs: this.#options.submitDeadlineMs ?? 300_000,
        signal: hard,
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
  }

  /**
   * Until the run closes: extends every lease once a third of it has passed, and abandons the
   * episode of a lease the API rejects (re-claimed elsewhere).
   */
  async heartbeat(): Promise<void> {
    const { api, log } = this.#options;
    const hard = this.#hard.signal;
    const every = this.#options.heartbeatIntervalMs ?? 1000;
    while (!hard.aborted) {
      await pause(every, hard);
      const now = Date.now();
      const due = [...this.flights.values()].filter((f) => f.expiresAt - now < (f.leaseMs * 2) / 3);
      for (let i = 0; i < due.length && !hard.aborted; i += 100) {
        const chunk = due.slice(i, i + 100);
        try {
          const res = await api.heartbeat(
            chunk.map((f) => ({ "task_id": f.task.task_id, "lease_id": f.task.lease_id })),
            hard,
          );
          for (const r of res.results) {
            const f = this.flights.get(r.task_id);
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
          if (!hard.aborted) log.warn("Cannot extend leases", { error: String(err) });
        }
      }
    }
  }

  /**
   * After claiming stopped: lets episodes in flight finish for `shutdownGraceMs`, then aborts
   * the rest (they are submitted as `infra_error`, which puts their tasks back to pending) and
   * gives those submissions a few more seconds.
   */
  async release(): Promise<void> {
    if (this.flights.size > 0) {
      this.#options.log.info("Stopping: waiting for episodes in flight", {
        inFlight: this.flights.size,
      });
    }
    const grace = this.#options.shutdownGraceMs ?? 30_000;
    const timers = [
      setTimeout(() => this.#stopEpisodes.abort(), grace),
      // Released episodes still get a few seconds to submit.
      setTimeout(() => this.#hard.abort(), grace + 10_000),
    ];
    await this.#settled();
    timers.forEach(clearTimeout);
  }

  /** Stops everything at once and waits for the episodes in flight to settle. */
  async close(): Promise<void> {
    this.#stopEpisodes.abort();
    this.#hard.abort();
    await this.#settled();
  }

  async #settled(): Promise<void> {
    await Promise.all([...this.flights.values()].map((f) => f.done));
  }

  /** Resolves when an episode frees its slot, or when `signal` aborts. */
  #slotFreed(signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        signal.removeEventListener("abort", done);
        resolve();
      };
      this.#wake = done;
      signal.addEventListener("abort", done, { once: true });
    });
  }
}

function crashResult(err: unknown): EpisodeResult {
  const message = err instanceof Error ? err.message : String(err);
  return unstartedResult("infra_error", `Cannot run episode: ${message}`, 0);
}

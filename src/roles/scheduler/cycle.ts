import {
  bytesToHex,
  CYCLE_SECRET_BYTES,
  cycleCommitment,
  deriveSceneSeeds,
} from "../../core/mod.ts";
import { WEIGHTS_RECORD_VERSION } from "../../core/wire/mod.ts";
import {
  aggregateCycleResults,
  closeUnfinishedTasks,
  completeCycle,
  createCycle,
  type Cycle,
  failCycle,
  getCycle,
  getOpenCycle,
  getWeightsByCycle,
  insertMiners,
  insertTasks,
  listMiners,
  lockCycleOpening,
  saveScores,
  saveWeights,
  type TaskStats,
  taskStats,
  type WeightsRecord,
} from "../../db/mod.ts";
import { ConflictError, NotFoundError, UpstreamError } from "../../errors/mod.ts";
import { type CycleConfig, defaultRandomBytes, type SchedulerDeps, SYSTEM_CLOCK } from "./deps.ts";
import { readMiners } from "./miners.ts";
import { scoreCycle } from "./score_cycle.ts";
import { generateTasks } from "./task_generator.ts";

/** How a call to {@link runCycle} ended. */
export interface CycleOutcome {
  /**
   * `complete`: scored, weights stored, secret revealed. `failed`: closed without weights.
   * `interrupted`: the signal aborted while waiting; the cycle stays open and is resumed by
   * the next run. `skipped`: no miner could be evaluated, no cycle was opened.
   */
  status: "complete" | "failed" | "interrupted" | "skipped";
  /** null when skipped. */
  cycleId: number | null;
  /** Whether this run resumed a cycle opened by an earlier run. */
  resumed: boolean;
  /** Whether the deadline passed before every task finished. */
  timedOut: boolean;
  /** Task counts when the run ended. */
  tasks?: TaskStats;
  /** The stored weights record, when complete. */
  weights?: WeightsRecord;
  /** Why the cycle failed or was skipped. */
  reason?: string;
}

/** Options of {@link runCycle}. */
export interface RunCycleOptions {
  /** Stops waiting (the cycle stays open for the next run). @default never */
  signal?: AbortSignal;
}

/**
 * Runs one evaluation cycle to its end. First recovers from an earlier run: an open cycle
 * whose deadline has passed is closed as failed (its tasks with it); an open cycle still
 * within its deadline is resumed (its tasks are already inserted). Otherwise reads the
 * miners, opens a cycle with one task per (miner, env, episode) and paired scene seeds,
 * waits until every task is terminal or the deadline passes, then scores what finished,
 * stores scores and weights (signed when a signer is given) and reveals the secret.
 */
export async function runCycle(
  deps: SchedulerDeps,
  config: CycleConfig,
  options: RunCycleOptions = {},
): Promise<CycleOutcome> {
  const clock = deps.clock ?? SYSTEM_CLOCK;
  let cycle = await recoverOpenCycle(deps);
  const resumed = cycle !== null;
  if (!cycle) {
    cycle = await openCycle(deps, config);
    if (!cycle) {
      return {
        status: "skipped",
        cycleId: null,
        resumed: false,
        timedOut: false,
        reason: "No miner with a usable commitment",
      };
    }
  }
  const log = deps.log.child({ cycleId: cycle.id });
  const waited = await waitForCycle(deps, cycle, { ...config, signal: options.signal });
  if (waited.state === "interrupted") {
    log.info("Stopped waiting for cycle; it stays open and resumes on the next start", {
      ...countsOf(waited.tasks),
    });
    return {
      status: "interrupted",
      cycleId: cycle.id,
      resumed,
      timedOut: false,
      tasks: waited.tasks,
    };
  }
  if (waited.state === "closed") return await closedElsewhere(deps, cycle.id, resumed);
  const timedOut = waited.state === "deadline";
  if (timedOut) {
    const closed = await closeUnfinishedTasks(deps.db, cycle.id);
    log.warn("Cycle deadline passed; closed unfinished tasks and scoring what finished", {
      closed,
      deadline: cycle.deadline.toISOString(),
    });
  }
  let outcome;
  try {
    outcome = await finalizeCycle(deps, cycle, config);
  } catch (err) {
    // completeCycle/failCycle found the cycle no longer open: someone else closed it.
    if (err instanceof NotFoundError) return await closedElsewhere(deps, cycle.id, resumed);
    throw err;
  }
  const tasks = await taskStats(deps.db, cycle.id);
  const elapsedMs = clock.now().getTime() - cycle.createdAt.getTime();
  log.info(outcome.weights ? "Cycle complete" : "Cycle failed", {
    ...countsOf(tasks),
    timedOut,
    durationMs: elapsedMs,
    reason: outcome.reason,
  });
  return { ...outcome, cycleId: cycle.id, resumed, timedOut, tasks };
}

async function closedElsewhere(
  deps: SchedulerDeps,
  cycleId: number,
  resumed: boolean,
): Promise<CycleOutcome> {
  const current = await getCycle(deps.db, cycleId);
  const status = current?.status === "complete" ? "complete" : "failed";
  const reason = "The cycle was closed by another process";
  deps.log.warn(reason, { cycleId, status });
  return {
    status,
    cycleId,
    resumed,
    timedOut: false,
    tasks: await taskStats(deps.db, cycleId),
    weights: (await getWeightsByCycle(deps.db, cycleId)) ?? undefined,
    reason,
  };
}

/**
 * Deals with cycles an earlier run left open: fails the ones past their deadline (their
 * unfinished tasks end too, so nothing of theirs is handed out or mixed into a new cycle)
 * and returns the newest one still within its deadline, to be resumed.
 */
export async function recoverOpenCycle(deps: SchedulerDeps): Promise<Cycle | null> {
  const clock = deps.clock ?? SYSTEM_CLOCK;
  for (;;) {
    const open = await getOpenCycle(deps.db);
    if (!open) return null;
    if (open.deadline.getTime() > clock.now().getTime()) {
      deps.log.info("Resuming open cycle", {
        cycleId: open.id,
        block: open.block,
        deadline: open.deadline.toISOString(),
      });
      return open;
    }
    const failed = await failCycle(
      deps.db,
      open.id,
      "Cycle deadline passed while no scheduler was running",
    );
    deps.log.warn("Closed expired cycle as failed", {
      cycleId: failed.id,
      deadline: open.deadline.toISOString(),
    });
  }
}

/**
 * Reads the miners and opens a cycle: secret and commitment, the miner snapshot and every
 * task, in one transaction (a crash leaves either the whole cycle or nothing). Returns null,
 * opening nothing, when no miner can be evaluated.
 */
export async function openCycle(deps: SchedulerDeps, config: CycleConfig): Promise<Cycle | null> {
  const clock = deps.clock ?? SYSTEM_CLOCK;
  const roster = await readMiners(deps.chain, {
    log: deps.log,
    resolveEndpoint: deps.resolveEndpoint,
  });
  if (roster.miners.length === 0) {
    deps.log.warn("No miner to evaluate; no cycle opened", {
      block: roster.block,
      skipped: roster.skipped.length,
    });
    return null;
  }
  const secret = (deps.randomBytes ?? defaultRandomBytes)(CYCLE_SECRET_BYTES);
  const secretHash = await cycleCommitment(secret);
  const seeds = await deriveSceneSeeds(secret, config);
  const tasks = generateTasks(roster.miners, { ...config, seeds });
  const deadline = new Date(clock.now().getTime() + config.cycleTimeout * 1000);
  const cycle = await deps.db.transaction(async (tx) => {
    const open = await lockCycleOpening(tx);
    if (open !== null) {
      throw new ConflictError(
        `Cannot open a cycle: cycle "${open}" is open (is another scheduler running?)`,
      );
    }
    const created = await createCycle(tx, {
      block: roster.block,
      secret: bytesToHex(secret),
      secretHash,
      envIds: [...config.envIds],
      episodesPerEnv: config.episodesPerEnv,
      deadline,
      nMiners: roster.miners.length,
    });
    await insertMiners(
      tx,
      created.id,
      roster.miners.map((m) => ({
        uid: m.uid,
        hotkey: m.hotkey,
        commitment: m.commitment,
        endpoint: m.endpoint,
        firstBlock: m.commitBlock,
      })),
    );
    await insertTasks(tx, created.id, tasks, { maxAttempts: config.maxAttempts });
    return created;
  });
  deps.log.info("Cycle opened", {
    cycleId: cycle.id,
    block: cycle.block,
    secretHash,
    miners: roster.miners.length,
    envs: config.envIds.length,
    episodesPerEnv: config.episodesPerEnv,
    tasks: tasks.length,
    deadline: deadline.toISOString(),
  });
  return cycle;
}

/** How {@link waitForCycle} ended. */
export interface WaitResult {
  /** `closed`: another process completed or failed the cycle meanwhile. */
  state: "done" | "deadline" | "interrupted" | "closed";
  tasks: TaskStats;
}

/**
 * Polls the cycle's task counts every `pollInterval` seconds, logging progress, until every
 * task is terminal (`done`), the deadline passes (`deadline`) or the signal aborts
 * (`interrupted`). A database that is briefly unreachable is logged and polled again.
 */
export async function waitForCycle(
  deps: SchedulerDeps,
  cycle: Cycle,
  options: Pick<CycleConfig, "pollInterval"> & { signal?: AbortSignal },
): Promise<WaitResult> {
  const clock = deps.clock ?? SYSTEM_CLOCK;
  const log = deps.log.child({ cycleId: cycle.id });
  const deadline = cycle.deadline.getTime();
  let last = "";
  let tasks: TaskStats | undefined;
  for (;;) {
    try {
      const current = await getCycle(deps.db, cycle.id);
      tasks = await taskStats(deps.db, cycle.id);
      if (current?.status !== "open") return { state: "closed", tasks };
    } catch (err) {
      if (!(err instanceof UpstreamError)) throw err;
      log.warn("Cannot read cycle progress; retrying", { error: err.message });
    }
    if (tasks) {
      if (tasks.pending + tasks.leased === 0) return { state: "done", tasks };
      const key = `${tasks.pending}/${tasks.leased}/${tasks.completed}/${tasks.failed}`;
      const fields = {
        ...countsOf(tasks),
        executors: tasks.activeExecutors.length,
        remainingMs: Math.max(0, deadline - clock.now().getTime()),
      };
      if (key !== last) log.info("Cycle progress", fields);
      else log.debug("Cycle progress", fields);
      last = key;
    }
    const now = clock.now().getTime();
    if (now >= deadline) {
      return { state: "deadline", tasks: tasks ?? await taskStats(deps.db, cycle.id) };
    }
    if (options.signal?.aborted) {
      return { state: "interrupted", tasks: tasks ?? await taskStats(deps.db, cycle.id) };
    }
    await clock.sleep(Math.min(options.pollInterval * 1000, deadline - now), options.signal);
    if (options.signal?.aborted) {
      return { state: "interrupted", tasks: await taskStats(deps.db, cycle.id) };
    }
  }
}

/**
 * Scores a cycle whose tasks are all terminal: aggregates real counts, scores, and in one
 * transaction stores the scores, the weights record (under the cycle's block, signed when a
 * signer is configured) and marks the cycle complete, which reveals its secret. A cycle in
 * which no miner has a scored episode is failed instead (no weights).
 */
export async function finalizeCycle(
  deps: SchedulerDeps,
  cycle: Cycle,
  config: CycleConfig,
): Promise<Pick<CycleOutcome, "status" | "weights" | "reason">> {
  const totals = (await aggregateCycleResults(deps.db, cycle.id)).map((t) => ({
    ...t,
    successRate: t.episodes > 0 ? t.successes / t.episodes : null,
  }));
  const miners = await listMiners(deps.db, cycle.id);
  const scoring = scoreCycle({ envIds: cycle.envIds, miners, totals }, {
    z: config.epsZ,
    epsMin: config.epsMin,
    epsMax: config.epsMax,
    scheme: config.pointsMode,
    temperature: config.temperature,
  });
  if (!scoring.result) {
    const reason = "No miner has a scored episode";
    await deps.db.transaction(async (tx) => {
      await saveScores(tx, cycle.id, scoring.rows);
      await failCycle(tx, cycle.id, reason);
    });
    return { status: "failed", reason };
  }
  const w = scoring.weights;
  let signed: { signer: string; signature: string } | null = null;
  if (deps.signWeights) {
    signed = deps.signWeights({
      version: WEIGHTS_RECORD_VERSION,
      netuid: config.netuid,
      cycle_id: cycle.id,
      block: cycle.block,
      uids: w.uids,
      hotkeys: w.hotkeys,
      weights_u16: w.valuesU16,
    });
  }
  const weights = await deps.db.transaction(async (tx) => {
    await saveScores(tx, cycle.id, scoring.rows);
    const saved = await saveWeights(tx, {
      cycleId: cycle.id,
      version: WEIGHTS_RECORD_VERSION,
      netuid: config.netuid,
      block: cycle.block,
      uids: w.uids,
      hotkeys: w.hotkeys,
      valuesU16: w.valuesU16,
      weights: w.weights,
      signature: signed?.signature ?? null,
      signer: signed?.signer ?? null,
    });
    await completeCycle(tx, cycle.id);
    return saved;
  });
  deps.log.info("Weights stored", {
    cycleId: cycle.id,
    block: cycle.block,
    miners: w.uids.length,
    signed: signed !== null,
    top: topWeights(w.uids, w.weights),
  });
  return { status: "complete", weights };
}

function countsOf(t: TaskStats): Record<string, number> {
  return {
    total: t.total,
    pending: t.pending,
    leased: t.leased,
    completed: t.completed,
    failed: t.failed,
  };
}

function topWeights(uids: number[], weights: number[]): string {
  return uids.map((uid, i) => ({ uid, w: weights[i] }))
    .sort((a, b) => b.w - a.w)
    .slice(0, 5)
    .map((e) => `${e.uid}:${e.w.toFixed(3)}`)
    .join(" ");
}

import {
  bytesToHex,
  CYCLE_SECRET_BYTES,
  cycleCommitment,
  deriveSceneSeeds,
} from "../../core/mod.ts";
import {
  announcementKey,
  closeUnfinishedTasks,
  createCycle,
  type Cycle,
  earliestCommitBlocks,
  failCycle,
  getCycle,
  getOpenCycle,
  getWeightsByCycle,
  insertMiners,
  insertTasks,
  lockCycleOpening,
  type TaskStats,
  taskStats,
  type WeightsRecord,
} from "../../db/mod.ts";
import { ConflictError, NotFoundError } from "../../errors/mod.ts";
import {
  type CycleConfig,
  defaultRandomBytes,
  type SchedulerDeps,
  scoringOptionsOf,
  SYSTEM_CLOCK,
} from "./deps.ts";
import { finalizeCycle } from "./finalize.ts";
import { readMiners } from "./miners.ts";
import { generateTasks } from "./task_generator.ts";
import { countsOf, waitForCycle } from "./wait.ts";

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
      scoring: scoringOptionsOf(config),
    });
    // Priority goes to the first commit of a policy: re-committing the same announcement
    // (same hotkey, same commitment) keeps the block recorded by an earlier cycle.
    const earliest = await earliestCommitBlocks(tx, roster.miners);
    await insertMiners(
      tx,
      created.id,
      roster.miners.map((m) => {
        const seen = earliest.get(announcementKey(m.hotkey, m.commitment ?? m.endpoint));
        return {
          uid: m.uid,
          hotkey: m.hotkey,
          commitment: m.commitment,
          endpoint: m.endpoint,
          firstBlock: seen === undefined ? m.commitBlock : Math.min(seen, m.commitBlock),
        };
      }),
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

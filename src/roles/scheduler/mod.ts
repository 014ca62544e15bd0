/**
 * The scheduler role: the evaluation-cycle loop. Reads miners from the chain (or a local
 * miners file), opens a cycle with paired scene seeds, inserts one task per (miner, env,
 * episode), waits for executors (or the cycle deadline), scores what finished and stores the
 * weights record. Imports `db/`, `chain/`, `core/`, `config/` (types), `errors/`, `log/`;
 * never another role.
 *
 * @module
 */
export {
  type CycleOutcome,
  openCycle,
  recoverOpenCycle,
  runCycle,
  type RunCycleOptions,
} from "./cycle.ts";
export { finalizeCycle } from "./finalize.ts";
export { waitForCycle, type WaitResult } from "./wait.ts";
export {
  type Clock,
  type CommitmentTarget,
  type CycleConfig,
  defaultEndpoint,
  type EndpointResolver,
  type MinerSource,
  type SchedulerDeps,
  SYSTEM_CLOCK,
  type WeightsSigner,
} from "./deps.ts";
export { runSchedulerLoop, type SchedulerLoopOptions } from "./loop.ts";
export { type MinerRoster, readMiners } from "./miners.ts";
export { runScheduler, type RunSchedulerOptions } from "./run.ts";
export { type CycleScoring, type CycleWeights, scoreCycle, type ScoreRow } from "./score_cycle.ts";
export {
  generateTasks,
  type GenerateTasksOptions,
  type PlannedTask,
  type ScheduledMiner,
} from "./task_generator.ts";

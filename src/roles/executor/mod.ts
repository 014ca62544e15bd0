/**
 * The `executor` role: claims tasks from the API, runs each episode in-process against the
 * miner's policy server (sim + renderer in Web Workers or this thread), heartbeats leases and
 * submits each result once; plus `kinitro eval`, a miner's local check without a database.
 * Imports envs/, render/, client/, core/, config/ (types), errors/ and log/.
 *
 * @module
 */
export { runEpisode, type RunEpisodeOptions } from "./episode.ts";
export { EnvPool } from "./env_pool.ts";
export { BatchingRenderer } from "./batching.ts";
export {
  type EpisodeExecutor,
  EpisodeRunner,
  type RunnerDeps,
  type RunnerSettings,
} from "./runner.ts";
export type {
  ActAttempt,
  EpisodeResult,
  EpisodeTask,
  FrameRenderer,
  PolicyCallOptions,
  PolicyClient,
} from "./types.ts";
export {
  type ExecutorLoopOptions,
  type ExecutorStats,
  runExecutorLoop,
  type TaskApi,
} from "./loop.ts";
export { createThreadRunner, type ThreadSettings } from "./local.ts";
export { createPolicyFactory, InstantPolicy, type PolicySettings } from "./policy.ts";
export { WorkerPool, type WorkerPoolOptions } from "./worker_pool.ts";
export {
  createEpisodeExecutor,
  type CreateEpisodeExecutorOptions,
  runExecutor,
  type RunExecutorOptions,
  threadSettingsOf,
} from "./run.ts";
export {
  type EnvSummary,
  type EvalReport,
  formatEvalReport,
  runEval,
  type RunEvalOptions,
  summarize,
} from "./eval.ts";
export {
  type EpisodeCheck,
  formatVerifyReport,
  type MinerCheck,
  runVerifyCycle,
  type VerifyCycleOptions,
  type VerifyReport,
} from "./verify_cycle.ts";

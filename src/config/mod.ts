/**
 * Configuration: one zod schema per role built from shared fragments, and the loader that
 * resolves flags > process env > `.env` > schema defaults. The only code that reads the
 * environment. Imports only `errors/` and `zod`.
 *
 * @module
 */
export {
  describeFields,
  type FieldInfo,
  formatIssue,
  loadConfig,
  type LoadConfigOptions,
  redactConfig,
  toEnvKey,
  toFlag,
} from "./load.ts";
export {
  boolish,
  BUILTIN_POLICIES,
  builtinPolicy,
  ChainConfigSchema,
  DatabaseConfigSchema,
  DEFAULT_ENV_IDS,
  field,
  type FieldMeta,
  LogConfigSchema,
  randomizeField,
  RENDERER_CHOICES,
  type RendererChoice,
  rendererChoice,
  seedValue,
  WalletConfigSchema,
} from "./shared.ts";
export { type Environment, readEnvironment } from "./env.ts";
export { databaseTargetOf, defaultDataDir, defaultModelCacheDir } from "./data_dir.ts";
export { type EnvVars, postgresUrlFromEnv } from "./postgres_env.ts";
export { DEFAULT_CYCLE_SCORING, type SchedulerConfig, SchedulerConfigSchema } from "./scheduler.ts";
export { type ApiConfig, ApiConfigSchema } from "./api.ts";
export {
  type CommitConfig,
  CommitConfigSchema,
  type ShowCommitmentConfig,
  ShowCommitmentConfigSchema,
} from "./commit.ts";
export {
  type ChainStatusConfig,
  ChainStatusConfigSchema,
  type ValidatorConfig,
  ValidatorConfigSchema,
} from "./validator.ts";
export {
  type BuildConfig,
  BuildConfigSchema,
  type BuildEvalEnvConfig,
  BuildEvalEnvConfigSchema,
  type InitMinerConfig,
  InitMinerConfigSchema,
  type MockMinerConfig,
  MockMinerConfigSchema,
} from "./miner.ts";
export { type MinerCallConfig, MinerCallConfigSchema } from "./miner_calls.ts";
export {
  type EpisodeConfig,
  EpisodeConfigSchema,
  type EvalConfig,
  EvalConfigSchema,
  type ExecutorConfig,
  ExecutorConfigSchema,
  type VerifyCycleConfig,
  VerifyCycleConfigSchema,
} from "./executor.ts";
export { type DemoConfig, DemoConfigSchema } from "./demo.ts";
export { DEFAULT_WEBGPU_BACKENDS, useWebGpuBackends, type WebGpuBackends } from "./webgpu.ts";

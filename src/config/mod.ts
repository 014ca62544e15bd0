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
  ChainConfigSchema,
  DatabaseConfigSchema,
  field,
  type FieldMeta,
  LogConfigSchema,
  WalletConfigSchema,
} from "./shared.ts";
export { type Environment, readEnvironment } from "./env.ts";
export { defaultDataDir } from "./data_dir.ts";
export { type EnvVars, postgresUrlFromEnv } from "./postgres_env.ts";
export { DEFAULT_ENV_IDS, type SchedulerConfig, SchedulerConfigSchema } from "./scheduler.ts";
export { type ApiConfig, ApiConfigSchema, DEFAULT_ENVIRONMENTS } from "./api.ts";
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
} from "./executor.ts";
export { type DemoConfig, DemoConfigSchema } from "./demo.ts";
export { DEFAULT_WEBGPU_BACKENDS, useWebGpuBackends, type WebGpuBackends } from "./webgpu.ts";

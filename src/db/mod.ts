/**
 * The SQL layer: the only code that talks to a database. A small {@link Db} interface
 * (literal SQL with parameters, transactions) on the npm `postgres` driver, over a
 * PostgreSQL server or the embedded PGlite (served on a loopback port, loaded lazily).
 * Numbered migrations, and one module of plain functions per aggregate. Imports only
 * `errors/` and the `postgres` / `@electric-sql/*` packages.
 *
 * @module
 */
export { type Db, type DbHandle, type Row, toKinitroError } from "./db.ts";
export { openDb, type OpenDbOptions, redactUrl } from "./connect.ts";
export {
  latestVersion,
  migrate,
  type MigrateOptions,
  type MigrateResult,
  schemaVersion,
} from "./migrate.ts";
export { type Migration, MIGRATIONS } from "./migrations/mod.ts";
export {
  createServerDatabase,
  type DatabaseStatus,
  databaseStatus,
  dropServerDatabase,
  resetDatabase,
  TABLES,
} from "./admin.ts";
export {
  completeCycle,
  countCycles,
  createCycle,
  type CreateCycleOptions,
  type Cycle,
  type CycleStatus,
  failCycle,
  getCycle,
  getCycles,
  getLatestCompletedCycle,
  getOpenCycle,
  listCycles,
  type ListCyclesOptions,
  requireCycle,
  setCycleMiners,
} from "./cycles.ts";
export {
  type AnnouncementKey,
  announcementKey,
  closeUnfinishedTasks,
  earliestCommitBlocks,
  lockCycleOpening,
} from "./scheduling.ts";
export { insertMiners, listMiners, type MinerSnapshot } from "./miners.ts";
export {
  type ClaimedTask,
  type ClaimOptions,
  claimTasks,
  extendLeases,
  type ExtendLeasesOptions,
  type HeartbeatOutcome,
  insertTasks,
  type InsertTasksOptions,
  type LeaseRef,
  type NewTask,
  type ResultCode,
  type SubmitOptions,
  type SubmitOutcome,
  submitResult,
  submitResults,
  type TaskResultInput,
  type TaskStatus,
} from "./tasks.ts";
export {
  aggregateCycleResults,
  countKeyLeases,
  countPendingTasks,
  countUnfinishedTasks,
  type CycleResultTotals,
  lockKeyLeases,
  poolDepth,
  type TaskStats,
  taskStats,
} from "./task_stats.ts";
export { countScoredMiners, listScores, type MinerScore, saveScores } from "./scores.ts";
export { type CycleEpisodeRow, listCycleEpisodes } from "./episodes.ts";
export {
  type DuplicateGroupRow,
  type EpisodeFingerprintRow,
  listCycleFingerprints,
  listDuplicateGroups,
  saveDuplicateGroups,
} from "./duplicates.ts";
export {
  getLatestWeights,
  getWeightsByBlock,
  getWeightsByCycle,
  getWeightsByCycles,
  listRecentWeights,
  type NewWeights,
  saveWeights,
  toWeightsDocument,
  type WeightsRecord,
} from "./weights.ts";
export {
  type CycleProgress,
  cycleProgress,
  type CycleProgressOptions,
  type EnvProgress,
  type ExecutorProgress,
} from "./progress.ts";
export {
  getReplay,
  listReplays,
  type ListReplaysOptions,
  type NewReplay,
  type Replay,
  type ReplaySummary,
  saveReplay,
  type SaveReplayOptions,
} from "./replays.ts";
export {
  type MinerHistoryOptions,
  minerScoreHistory,
  type MinerSighting,
  minerSightings,
} from "./history.ts";
export {
  type ApiKey,
  createApiKey,
  hashApiKey,
  listApiKeys,
  revokeApiKey,
  touchApiKey,
  verifyApiKey,
} from "./api_keys.ts";

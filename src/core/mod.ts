/**
 * Pure domain code: ids, seeded randomness, the scene snapshot type shared by `sim/` and
 * `render/`, wire schemas and scoring. No I/O and no `Deno.*` calls; imports only
 * `errors/`, `zod` and `pure-rand`.
 *
 * @module
 */
export { createRng, type Rng } from "./rng.ts";
export { MicroBatch } from "./micro_batch.ts";
export { delay, pause } from "./sleep.ts";
// the whole of scene.ts is the snapshot format sim/ writes and render/ reads
export * from "./scene.ts";
export {
  ActionTrace,
  type DuplicateGroup,
  type DuplicateOptions,
  type DuplicatePair,
  type EpisodeFingerprint,
  findDuplicateGroups,
  FINGERPRINT_HEX_LENGTH,
  FINGERPRINT_PRECISION,
  FINGERPRINT_REGEXP,
} from "./fingerprint/mod.ts";
export {
  parseRandomSpec,
  parseScoreFile,
  scoreCheck,
  type ScoreCheckInput,
  type ScoreCheckReport,
  type ScoreFile,
  ScoreFileSchema,
  tableFromScoreFile,
} from "./score_file.ts";
export {
  aggregateOutcomes,
  type EnvTotals,
  type EpisodeOutcome,
  minerKey,
  type RateResult,
  resultsByMiner,
} from "./aggregate.ts";
export {
  bytesToHex,
  createSceneSeeder,
  CYCLE_SECRET_BYTES,
  cycleCommitment,
  deriveSceneSeeds,
  hexToBytes,
  MAX_EPISODE_INDEX,
  SCENE_SEED_BYTES,
  type SceneSeeder,
  sceneSeedMessage,
  type SceneSeedTable,
  verifyCycleSecret,
} from "./cycle.ts";
export {
  type BurnTarget,
  burnWeights,
  compareCommit,
  DEFAULT_SCORING_OPTIONS,
  type EnvResult,
  exceedsMargin,
  explainScoring,
  type GroupInput,
  MAX_SCORING_ENVS,
  type MinerResults,
  type MinerScore,
  pairEpsilon,
  popcount,
  randomScoreTable,
  type RandomTableOptions,
  type RateInterval,
  type ResolvedScoringOptions,
  resolveScoringOptions,
  type ScoredGroup,
  type ScoreTable,
  scoreTable,
  type ScoringExplanation,
  type ScoringOptions,
  type ScoringParams,
  type ScoringResult,
  softmaxWeights,
  SUBSET_SCHEMES,
  subsetPoints,
  type SubsetScheme,
  type SubsetSizeSummary,
  type SubsetVerdict,
  toU16Weights,
  U16_MAX,
  type U16Weights,
  validateScoreTable,
  wilsonInterval,
} from "./scoring/mod.ts";

/**
 * Pure domain code: ids, seeded randomness, the scene snapshot type shared by `sim/` and
 * `render/`, wire schemas and scoring. No I/O and no `Deno.*` calls; imports only
 * `errors/`, `zod` and `pure-rand`.
 *
 * @module
 */
export { createRng, type Rng } from "./rng.ts";
export {
  type CameraPose,
  type CameraSpec,
  GeomType,
  type GeomTypeCode,
  type LightSpec,
  type MeshData,
  type SceneSnapshot,
} from "./scene.ts";
export {
  aggregateOutcomes,
  type EnvTotals,
  type EpisodeOutcome,
  isUnscoredCode,
  minerKey,
  type RateResult,
  resultsByMiner,
  UNSCORED_RESULT_CODES,
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
  beyondNoise,
  type BurnTarget,
  burnWeights,
  compareCommit,
  DEFAULT_SCORING_OPTIONS,
  type EnvResult,
  explainScoring,
  MAX_SCORING_ENVS,
  type MinerResults,
  type MinerScore,
  NOISE_TOLERANCE,
  pairEpsilon,
  popcount,
  randomScoreTable,
  type RandomTableOptions,
  type RateInterval,
  type ResolvedScoringOptions,
  resolveScoringOptions,
  type ScoreTable,
  scoreTable,
  type ScoringExplanation,
  type ScoringOptions,
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

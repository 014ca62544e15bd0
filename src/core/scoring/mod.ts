/**
 * Scoring of an evaluation cycle (ARCHITECTURE.md section 8): per-pair noise margins eps from the
 * two-proportion standard error, winners of every subset of environments under eps-dominance
 * with ties to the first committer (a winner must have a rate above 0 on the subset), points by
 * subset size, softmax weights and their u16 form for the chain. Pure: no I/O, no `Deno.*`.
 *
 * @module
 */
export {
  beyondNoise,
  type EpsilonOptions,
  NOISE_TOLERANCE,
  pairEpsilon,
  rateVariance,
} from "./epsilon.ts";
export { explainScoring, type ScoringExplanation, type SubsetVerdict } from "./explain.ts";
export { softmaxWeights, subsetPoints } from "./points.ts";
export { randomScoreTable, type RandomTableOptions } from "./random.ts";
export {
  type BurnTarget,
  burnWeights,
  compareCommit,
  MAX_SCORING_ENVS,
  popcount,
  type PreparedScoreTable,
  prepareScoreTable,
  resolveScoringOptions,
  scoreTable,
  validateScoreTable,
} from "./score.ts";
export {
  DEFAULT_SCORING_OPTIONS,
  type EnvResult,
  type MinerResults,
  type MinerScore,
  type ResolvedScoringOptions,
  type ScoreTable,
  type ScoringOptions,
  type ScoringResult,
  SUBSET_SCHEMES,
  type SubsetScheme,
  type SubsetSizeSummary,
} from "./types.ts";
export { toU16Weights, U16_MAX, type U16Weights } from "./u16.ts";
export { type RateInterval, wilsonInterval, Z_95 } from "./wilson.ts";
export {
  buildPairRelations,
  findSubsetWinners,
  type PairRelations,
  type RelationInputs,
} from "./winners.ts";

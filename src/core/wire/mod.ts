/**
 * Zod schemas of every HTTP payload exchanged between the API, executors, validators and
 * miners, and the miss policy of miner protocol v1. Pure: imports only `zod` and `errors/`
 * types.
 *
 * @module
 */
export {
  type Action,
  ACTION_SIZE,
  type ActRequest,
  ActRequestSchema,
  type ActResponse,
  ActResponseSchema,
  decodeImage,
  DEFAULT_CAMERAS,
  DEFAULT_IMAGE_SHAPE,
  encodeImage,
  EPISODE_RESULT_CODES,
  type EpisodeResultCode,
  EpisodeResultCodeSchema,
  type HealthResponse,
  HealthResponseSchema,
  type Image,
  ImageSchema,
  isInfraFault,
  isMinerFault,
  MINER_PROTOCOL_VERSION,
  OBSERVATION_SIZE,
  parseAction,
  type ParsedAction,
  type ResetRequest,
  ResetRequestSchema,
  type ResetResponse,
  ResetResponseSchema,
  type TaskConfig,
  TaskConfigSchema,
} from "./miner.ts";
export { minerOpenApiDocument } from "./miner_openapi.ts";
export {
  type ActOutcome,
  createMissState,
  DEFAULT_INITIAL_GRIP,
  DEFAULT_MAX_CONSECUTIVE_MISSES,
  DEFAULT_MAX_MISSED_ACTS,
  holdAction,
  type MissPolicyOptions,
  type MissState,
  type MissStep,
  stepMissPolicy,
} from "./miss_policy.ts";
export {
  canonicalWeightsMessage,
  createWeightsRecord,
  type CreateWeightsRecordOptions,
  pickWeightsRecord,
  type SignedWeights,
  SignedWeightsSchema,
  Ss58Schema,
  U16_MAX,
  type WeightEntry,
  WEIGHTS_RECORD_VERSION,
  WEIGHTS_SIGNING_DOMAIN,
  type WeightsRecord,
  WeightsRecordSchema,
} from "./weights.ts";

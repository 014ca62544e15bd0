/**
 * Zod schemas for every HTTP payload Kinitro sends or receives (api <-> executor/validator,
 * executor <-> miner). Pure: imports only `zod`.
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

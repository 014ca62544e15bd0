/**
 * Zod schemas of every HTTP payload exchanged between the API, executors, validators and
 * miners. Pure: imports only `zod`.
 *
 * @module
 */
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

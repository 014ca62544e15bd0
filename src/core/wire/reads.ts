import { z } from "zod";
import { SUBSET_SCHEMES } from "../scoring/mod.ts";

const Int = z.number().int();
const Timestamp = z.iso.datetime({ offset: true });

/** The error envelope of every non-2xx API response. */
export const ErrorEnvelopeSchema = z.object({
  error: z.object({
    code: z.string().describe("Stable lower snake_case code, e.g. invalid_request"),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    request_id: z.string(),
  }),
});
/** The error envelope. */
export type ErrorEnvelope = z.output<typeof ErrorEnvelopeSchema>;

/** Response of `GET /health`. */
export const HealthResponseSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  version: z.string(),
  database: z.enum(["connected", "disconnected"]),
});
/** Response of `GET /health`. */
export type ApiHealthResponse = z.output<typeof HealthResponseSchema>;

/** The scoring parameters of a cycle (ARCHITECTURE.md section 8). */
export const ScoringParamsSchema = z.object({
  z: z.number().describe("Multiplier of the two-proportion standard error in eps"),
  eps_min: z.number(),
  eps_max: z.number(),
  scheme: z.enum(SUBSET_SCHEMES).describe("Points of a subset winner"),
  temperature: z.number().describe("Softmax temperature"),
});
/** The scoring parameters of a cycle. */
export type ScoringParamsWire = z.output<typeof ScoringParamsSchema>;

/** An evaluation cycle as published. */
export const CycleSchema = z.object({
  id: Int.nonnegative(),
  status: z.enum(["open", "complete", "failed"]),
  block_number: Int.nonnegative(),
  started_at: Timestamp,
  completed_at: Timestamp.nullable(),
  deadline: Timestamp,
  n_miners: Int.nonnegative(),
  n_environments: Int.nonnegative(),
  env_ids: z.array(z.string()),
  episodes_per_env: Int.positive(),
  duration_seconds: z.number().nullable(),
  seed_commitment: z.string().describe("sha256 (hex) of the cycle secret, published up front"),
  secret: z.string().nullable().describe(
    "The cycle secret (hex), published once the cycle ends; scene seeds are " +
      "HMAC-SHA256(secret, env_id ‖ episode_index)",
  ),
  error_message: z.string().nullable(),
  scoring: ScoringParamsSchema.nullable().default(null).describe(
    "Scoring parameters the scheduler announced with the cycle; null when not recorded",
  ),
});
/** An evaluation cycle as published. */
export type CycleWire = z.output<typeof CycleSchema>;

/** Response of `GET /v1/status`. */
export const StatusResponseSchema = z.object({
  current_cycle: CycleSchema.nullable(),
  last_completed_cycle: CycleSchema.nullable(),
  total_cycles: Int.nonnegative(),
  total_miners_evaluated: Int.nonnegative(),
  environments: z.array(z.string()),
  is_evaluating: z.boolean(),
  pool: z.object({
    pending: Int.nonnegative(),
    leased: Int.nonnegative(),
    completed: Int.nonnegative(),
    failed: Int.nonnegative(),
  }).describe("Tasks of open cycles by status"),
});
/** Response of `GET /v1/status`. */
export type StatusResponse = z.output<typeof StatusResponseSchema>;

/**
 * Response of `GET /v1/weights/latest` and `GET /v1/weights/{block}`: the signed weights
 * record (see {@link SignedWeightsSchema}) plus unsigned extras. `signature`/`signer` are
 * null for an unsigned record, which validators refuse.
 */
export const WeightsResponseSchema = z.object({
  version: Int,
  netuid: Int.nonnegative(),
  cycle_id: Int.nonnegative(),
  block: Int.nonnegative(),
  uids: z.array(Int.nonnegative()),
  hotkeys: z.array(z.string()),
  weights_u16: z.array(Int.min(0).max(65535)),
  signer: z.string().nullable(),
  signature: z.string().nullable(),
  block_number: Int.nonnegative().describe("Same as block (name used by the Python API)"),
  created_at: Timestamp,
  weights: z.record(z.string(), z.number()).describe("Normalized float weights by uid"),
  metadata: z.object({
    n_miners_evaluated: Int.nullable(),
    n_environments: Int.nullable(),
    evaluation_duration_seconds: z.number().nullable(),
  }),
});
/** Response of the weights routes. */
export type WeightsResponse = z.output<typeof WeightsResponseSchema>;

/** Scores of one miner in one environment. */
export const ScoreSchema = z.object({
  uid: Int.nonnegative(),
  hotkey: z.string(),
  env_id: z.string(),
  success_rate: z.number(),
  mean_reward: z.number(),
  episodes: Int.nonnegative().describe("Scored episodes (our own failures excluded)"),
  successes: Int.nonnegative(),
  failures: z.record(z.string(), Int.nonnegative()).describe("Failure counts by result code"),
  episodes_completed: Int.nonnegative().describe("Same as episodes (Python API name)"),
  episodes_failed: Int.nonnegative().describe("episodes - successes"),
});
/** Scores of one miner in one environment. */
export type ScoreWire = z.output<typeof ScoreSchema>;

/** Miners whose action fingerprints matched: scored as one competitor (docs/scoring.md). */
export const DuplicateGroupSchema = z.object({
  uids: z.array(Int.nonnegative()),
  hotkeys: z.array(z.string()),
  origin_uid: Int.nonnegative().nullable().describe(
    "Member proven to be the policy's origin, which earns the group's points; null: nobody",
  ),
  representative_uid: Int.nonnegative().nullable().describe(
    "Member whose results competed for the group",
  ),
  points: z.number().describe("Points the group earned as one competitor"),
  pairs: z.array(z.object({
    a: Int.nonnegative(),
    b: Int.nonnegative(),
    paired: Int.nonnegative().describe("Episodes both played with a fingerprint"),
    equal: Int.nonnegative().describe("Of those, episodes with equal fingerprints"),
  })),
});
/** A duplicate group of a cycle. */
export type DuplicateGroupWire = z.output<typeof DuplicateGroupSchema>;

/** Response of `GET /v1/scores/latest` and `GET /v1/scores/{cycle_id}`. */
export const ScoresResponseSchema = z.object({
  cycle: CycleSchema,
  scores: z.array(ScoreSchema),
  miner_summary: z.record(z.string(), z.record(z.string(), z.number())).describe(
    "uid -> env_id -> success rate",
  ),
  duplicate_groups: z.array(DuplicateGroupSchema).describe(
    "Miners whose action fingerprints matched on at least half of >= 3 paired episodes",
  ),
});
/** Response of the scores routes. */
export type ScoresResponse = z.output<typeof ScoresResponseSchema>;

/** One miner of the latest completed cycle. */
export const MinerSummarySchema = z.object({
  uid: Int.nonnegative(),
  hotkey: z.string(),
  last_evaluated_block: Int.nonnegative(),
  avg_success_rate: z.number(),
  environments_evaluated: z.array(z.string()),
  episodes: Int.nonnegative(),
  successes: Int.nonnegative(),
});
/** Response of `GET /v1/miners`. */
export const MinersResponseSchema = z.array(MinerSummarySchema);
/** Response of `GET /v1/miners`. */
export type MinersResponse = z.output<typeof MinersResponseSchema>;

/** One environment with its statistics from the latest completed cycle. */
export const EnvironmentSummarySchema = z.object({
  env_id: z.string(),
  env_name: z.string(),
  task_name: z.string(),
  n_evaluations: Int.nonnegative(),
  avg_success_rate: z.number().nullable(),
});
/** Response of `GET /v1/environments`. */
export const EnvironmentsResponseSchema = z.array(EnvironmentSummarySchema);
/** Response of `GET /v1/environments`. */
export type EnvironmentsResponse = z.output<typeof EnvironmentsResponseSchema>;

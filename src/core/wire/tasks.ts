import { z } from "zod";
import {
  boundedInt,
  boundedNumber,
  MAX_ABS_REWARD,
  MAX_LATENCY_MS,
  MAX_STEPS,
  MAX_WALL_MS,
  plainId,
  safeText,
} from "./bounds.ts";
import { FINGERPRINT_REGEXP } from "../fingerprint/mod.ts";
import { EpisodeResultCodeSchema } from "./result_codes.ts";
import { EpisodeReplaySchema } from "./replays.ts";

/**
 * Result code of an episode: the miner protocol's episode result codes (one list, defined in
 * `miner.ts`). `physics_error` and `infra_error` are ours: the task is retried and never scored.
 */
export const TaskResultCodeSchema = EpisodeResultCodeSchema;

/** Result code of an episode. */
export type TaskResultCode = z.output<typeof TaskResultCodeSchema>;

const ExecutorIdSchema = z.string().min(1).max(64).regex(
  /^[A-Za-z0-9._:-]+$/,
  "Must be letters, digits, '.', '_', ':' or '-'",
);
const EnvIdSchema = plainId(128);
const UuidSchema = z.uuid();
const Int = z.number().int();

/** Body of `POST /v1/tasks/fetch`. */
export const FetchTasksRequestSchema = z.strictObject({
  executor_id: ExecutorIdSchema.optional().describe(
    "Worker name within the authenticated executor; recorded as part of the lease owner",
  ),
  batch_size: Int.min(1).max(100).default(10).describe("Most tasks to lease"),
  env_ids: z.array(EnvIdSchema).max(64).nullish().describe("Only these environments"),
});
/** Body of `POST /v1/tasks/fetch`. */
export type FetchTasksRequest = z.input<typeof FetchTasksRequestSchema>;

/**
 * A task leased to an executor. Executors are trusted with the scene `seed`; it is never
 * sent to miners.
 */
export const LeasedTaskSchema = z.object({
  task_id: UuidSchema,
  lease_id: UuidSchema,
  lease_expires_at: z.iso.datetime({ offset: true }),
  cycle_id: Int.nonnegative(),
  env_id: EnvIdSchema,
  episode_index: Int.nonnegative(),
  seed: Int.nonnegative(),
  max_steps: Int.positive(),
  attempt: Int.positive(),
  miner_uid: Int.nonnegative(),
  miner_hotkey: z.string(),
  miner_endpoint: z.string(),
});
/** A task leased to an executor. */
export type LeasedTask = z.output<typeof LeasedTaskSchema>;

/** Response of `POST /v1/tasks/fetch`. */
export const FetchTasksResponseSchema = z.object({
  tasks: z.array(LeasedTaskSchema),
  total_pending: Int.nonnegative().describe("Pending tasks of open cycles after this claim"),
});
/** Response of `POST /v1/tasks/fetch`. */
export type FetchTasksResponse = z.output<typeof FetchTasksResponseSchema>;

const LatencyMs = boundedNumber(0, MAX_LATENCY_MS);

/**
 * One episode result, keyed by its lease. Every number is finite and bounded (a value outside
 * is a 422 naming the field); the error text is cleaned of NUL bytes and unpaired surrogates.
 */
export const TaskResultSchema = z.strictObject({
  task_id: UuidSchema,
  lease_id: UuidSchema,
  code: TaskResultCodeSchema,
  steps: boundedInt(0, MAX_STEPS).default(0).describe(`0 to ${MAX_STEPS}`),
  reward: boundedNumber(-MAX_ABS_REWARD, MAX_ABS_REWARD).default(0).describe(
    `Total reward of the episode, -${MAX_ABS_REWARD} to ${MAX_ABS_REWARD}`,
  ),
  missed_acts: boundedInt(0, MAX_STEPS).default(0).describe(`0 to ${MAX_STEPS}`),
  latency_p50_ms: LatencyMs.nullish().describe(`0 to ${MAX_LATENCY_MS}`),
  latency_p99_ms: LatencyMs.nullish().describe(`0 to ${MAX_LATENCY_MS}`),
  wall_ms: boundedNumber(0, MAX_WALL_MS).default(0).describe(`0 to ${MAX_WALL_MS}`),
  error: safeText(2000).nullish().describe("At most 2000 characters; NUL bytes are removed"),
  replay: EpisodeReplaySchema.optional().describe(
    "A sampled episode's frames and actions (optional; published once the cycle is revealed)",
  ),
  // a content rule (refine), so a malformed string is a 422 invalid_value, like other bounds
  fingerprint: z.string().refine(
    (s) => FINGERPRINT_REGEXP.test(s),
    "Must be a SHA-256 action-trace fingerprint: 64 lower-case hex digits",
  ).nullish().describe(
    "SHA-256 of the actions the miner returned (docs/scoring.md); absent or null: not compared",
  ),
  renderer: plainId(32).nullish().describe('Renderer backend: "cpu" or "webgpu"'),
  runtime: plainId(64).nullish().describe(
    'What produced the actions: the model runtime, or "http" for an endpoint',
  ),
  model_sha256: z.string().regex(/^[0-9a-f]{64}$/).nullish().describe(
    "SHA-256 of the committed model that was run",
  ),
  action_digest: z.string().regex(/^[0-9a-f]{64}$/).nullish().describe(
    "SHA-256 over the applied actions rounded to 1e-6, missed steps marked",
  ),
});
/** One episode result. */
export type TaskResult = z.input<typeof TaskResultSchema>;

/** Body of `POST /v1/tasks/submit`. */
export const SubmitTasksRequestSchema = z.strictObject({
  executor_id: ExecutorIdSchema.optional(),
  results: z.array(TaskResultSchema).min(1).max(100),
});
/** Body of `POST /v1/tasks/submit`. */
export type SubmitTasksRequest = z.input<typeof SubmitTasksRequestSchema>;

/** What happened to one submitted result. */
export const SubmitOutcomeSchema = z.object({
  task_id: z.string(),
  lease_id: z.string(),
  status: z.enum(["accepted", "duplicate", "rejected"]).describe(
    "accepted: recorded now; duplicate: this lease was already recorded; rejected: see reason",
  ),
  reason: z.string().optional(),
});
/** What happened to one submitted result. */
export type SubmitOutcomeWire = z.output<typeof SubmitOutcomeSchema>;

/** Response of `POST /v1/tasks/submit`. */
export const SubmitTasksResponseSchema = z.object({
  accepted: Int.nonnegative(),
  duplicates: Int.nonnegative(),
  rejected: Int.nonnegative(),
  results: z.array(SubmitOutcomeSchema),
  errors: z.array(z.string()).describe("One line per rejected result"),
});
/** Response of `POST /v1/tasks/submit`. */
export type SubmitTasksResponse = z.output<typeof SubmitTasksResponseSchema>;

/** A lease to extend. */
export const LeaseRefSchema = z.strictObject({ task_id: UuidSchema, lease_id: UuidSchema });

/** Body of `POST /v1/tasks/heartbeat`. */
export const HeartbeatRequestSchema = z.strictObject({
  executor_id: ExecutorIdSchema.optional(),
  leases: z.array(LeaseRefSchema).min(1).max(100),
});
/** Body of `POST /v1/tasks/heartbeat`. */
export type HeartbeatRequest = z.input<typeof HeartbeatRequestSchema>;

/** Response of `POST /v1/tasks/heartbeat`. */
export const HeartbeatResponseSchema = z.object({
  results: z.array(z.object({
    task_id: z.string(),
    lease_id: z.string(),
    status: z.enum(["extended", "rejected"]),
    lease_expires_at: z.iso.datetime({ offset: true }).optional(),
    reason: z.string().optional(),
  })),
});
/** Response of `POST /v1/tasks/heartbeat`. */
export type HeartbeatResponse = z.output<typeof HeartbeatResponseSchema>;

/** Response of `GET /v1/tasks/stats`. */
export const TaskStatsResponseSchema = z.object({
  current_cycle_id: Int.nullable(),
  total_tasks: Int.nonnegative(),
  pending_tasks: Int.nonnegative(),
  leased_tasks: Int.nonnegative(),
  completed_tasks: Int.nonnegative(),
  failed_tasks: Int.nonnegative(),
  active_executors: z.array(z.string()),
});
/** Response of `GET /v1/tasks/stats`. */
export type TaskStatsResponse = z.output<typeof TaskStatsResponseSchema>;

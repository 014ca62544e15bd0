import { z } from "zod";
import { CycleSchema, ScoringParamsSchema } from "./reads.ts";

const Int = z.number().int();
const Count = Int.nonnegative();

/** Response of `GET /v1/cycles/{cycle_id}/progress`: the task pool of one cycle, live. */
export const CycleProgressResponseSchema = z.object({
  cycle: CycleSchema,
  now: z.iso.datetime({ offset: true }).describe("The server's clock"),
  seconds_to_deadline: z.number().describe("Negative once the deadline has passed"),
  totals: z.object({
    total: Count,
    pending: Count,
    leased: Count,
    completed: Count,
    failed: Count,
  }),
  envs: z.array(z.object({
    env_id: z.string(),
    pending: Count,
    leased: Count,
    completed: Count,
    failed: Count,
  })),
  executors: z.array(z.object({
    name: z.string().describe("API key name of the executor (never its host name)"),
    leased: Count,
    completed: Count.describe("Results that count (every code but our own faults)"),
    errors: Count.describe("Results with our own faults (infra_error, physics_error; retried)"),
    episodes_per_second: z.number(),
  })),
  episodes_per_second: z.number().describe("Results per second over the window"),
  window_seconds: z.number().positive(),
});
/** Response of `GET /v1/cycles/{cycle_id}/progress`. */
export type CycleProgressResponse = z.output<typeof CycleProgressResponseSchema>;

/** A success rate with its counts and 95% Wilson interval. */
export const RateCellSchema = z.object({
  successes: Count,
  episodes: Count,
  rate: z.number(),
  low: z.number(),
  high: z.number(),
});

/** Response of `GET /v1/cycles/{cycle_id}/leaderboard`. */
export const LeaderboardResponseSchema = z.object({
  cycle: CycleSchema,
  scoring: ScoringParamsSchema.describe("Parameters the points below were computed with"),
  scoring_recorded: z.boolean().describe(
    "Whether the cycle recorded its parameters (false: defaults were assumed)",
  ),
  miners: z.array(z.object({
    uid: Count,
    hotkey: z.string(),
    first_block: Count.nullable().describe("Block of the commitment (earlier wins ties)"),
    commitment: z.string().nullable(),
    points: z.number().describe("Recomputed from the public scores"),
    weight: z.number().describe("From the signed weights record"),
    weight_u16: Int.min(0).max(65535),
    duplicate_group: Count.nullable().describe("Index into duplicate_groups"),
    results: z.record(z.string(), RateCellSchema),
  })),
  duplicate_groups: z.array(z.object({
    uids: z.array(Count),
    origin_uid: Count.nullable(),
  })).nullable().describe("Miners with identical action fingerprints; null when not recorded"),
  other_recipients: z.array(z.object({
    uid: Count,
    hotkey: z.string(),
    weight: z.number(),
    weight_u16: Int.min(0).max(65535),
  })).describe("Weight given to uids that were not evaluated (the burn uid)"),
  weights: z.object({
    block: Count,
    signer: z.string().nullable(),
    recomputed_match: z.boolean().describe(
      "Whether the u16 weights recomputed from the public scores equal the record's",
    ),
  }).nullable(),
});
/** Response of `GET /v1/cycles/{cycle_id}/leaderboard`. */
export type LeaderboardResponse = z.output<typeof LeaderboardResponseSchema>;

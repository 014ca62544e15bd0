import { z } from "zod";
import { EpisodeResultCodeSchema } from "./result_codes.ts";

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/** One scored episode of a finished cycle, with its revealed seed. */
export const CycleEpisodeSchema = z.object({
  task_id: z.uuid(),
  miner_uid: z.number().int().nonnegative(),
  miner_hotkey: z.string(),
  miner_endpoint: z.string().describe(
    "What the miner committed: a URL, a chute id or m1:<sha256>:<source>",
  ),
  env_id: z.string(),
  episode_index: z.number().int().nonnegative(),
  seed: z.number().int().nonnegative(),
  max_steps: z.number().int().positive(),
  code: EpisodeResultCodeSchema,
  success: z.boolean(),
  steps: z.number().int().nonnegative(),
  renderer: z.string().nullable(),
  runtime: z.string().nullable(),
  model_sha256: Hex64.nullable(),
  action_digest: Hex64.nullable(),
});
/** One scored episode of a finished cycle. */
export type CycleEpisode = z.output<typeof CycleEpisodeSchema>;

/** Response of `GET /v1/cycles/{cycle_id}/episodes` (only once the cycle's seeds are revealed). */
export const CycleEpisodesResponseSchema = z.object({
  cycle_id: z.number().int().nonnegative(),
  status: z.string(),
  secret_hash: Hex64.or(z.string()),
  secret: z.string().describe("The revealed cycle secret the seeds come from"),
  episodes: z.array(CycleEpisodeSchema),
});
/** Response of `GET /v1/cycles/{cycle_id}/episodes`. */
export type CycleEpisodesResponse = z.output<typeof CycleEpisodesResponseSchema>;

import { z } from "zod";

const Int = z.number().int();

/** Most `/act` entries a replay carries (longer episodes keep the first ones). */
export const REPLAY_MAX_ACTIONS = 2000;

/**
 * A sampled episode as the executor submits it with the result (`replay` of a task result):
 * an animated GIF of one camera at a low frame rate and the actions the miner returned. The
 * API caps the decoded size (413 beyond it) and publishes replays only once the cycle's
 * seeds are revealed.
 */
export const EpisodeReplaySchema = z.strictObject({
  media_type: z.literal("image/gif"),
  data: z.base64().max(4 * 1024 * 1024).describe("The GIF file, base64"),
  camera: z.string().regex(/^[a-z0-9_]{1,32}$/, "Must be a camera name like corner"),
  width: Int.min(1).max(512),
  height: Int.min(1).max(512),
  frames: Int.min(1).max(1000),
  frame_every: Int.min(1).max(1000).describe("Env steps between two frames"),
  actions: z.array(z.array(z.number().min(-1).max(1)).length(4).nullable())
    .max(REPLAY_MAX_ACTIONS)
    .describe("One entry per /act: [dx, dy, dz, grip] as returned (clipped), null when missed"),
});
/** A sampled episode as submitted. */
export type EpisodeReplay = z.output<typeof EpisodeReplaySchema>;

/** One stored replay, without media and actions. */
export const ReplaySummarySchema = z.object({
  id: Int.nonnegative(),
  cycle_id: Int.nonnegative(),
  miner_uid: Int.nonnegative(),
  env_id: z.string(),
  episode_index: Int.nonnegative(),
  code: z.string(),
  steps: Int.nonnegative(),
  reward: z.number(),
  frames: Int.positive(),
  media_url: z.string().describe("Path of the GIF"),
});
/** One stored replay, without media and actions. */
export type ReplaySummaryWire = z.output<typeof ReplaySummarySchema>;

/** Response of `GET /v1/replays`. */
export const ReplaysResponseSchema = z.object({ replays: z.array(ReplaySummarySchema) });
/** Response of `GET /v1/replays`. */
export type ReplaysResponse = z.output<typeof ReplaysResponseSchema>;

/** Response of `GET /v1/replays/{id}`: the summary plus how to read the frames. */
export const ReplayResponseSchema = ReplaySummarySchema.extend({
  camera: z.string(),
  width: Int.positive(),
  height: Int.positive(),
  frame_every: Int.positive(),
  seed: Int.nonnegative().nullable().describe("Scene seed of the episode (its cycle is revealed)"),
  actions: z.array(z.array(z.number()).nullable()),
});
/** Response of `GET /v1/replays/{id}`. */
export type ReplayResponse = z.output<typeof ReplayResponseSchema>;

/** Width and height of a GIF file from its header, or null when it is not a GIF. */
export function gifSize(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes.length < 13) return null;
  const magic = String.fromCharCode(...bytes.subarray(0, 6));
  if (magic !== "GIF87a" && magic !== "GIF89a") return null;
  return { width: bytes[6] | (bytes[7] << 8), height: bytes[8] | (bytes[9] << 8) };
}

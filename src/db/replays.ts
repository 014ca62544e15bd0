import type { Db } from "./db.ts";

/** A recorded episode to store (the task gives its cycle, miner, environment and index). */
export interface NewReplay {
  code: string;
  steps: number;
  reward: number;
  mediaType: "image/gif";
  media: Uint8Array;
  camera: string;
  width: number;
  height: number;
  frames: number;
  /** Env steps between two frames. */
  frameEvery: number;
  /** One entry per `/act`: the action returned, or null for a missed call. */
  actions: (number[] | null)[];
}

/** A stored replay without its media and actions (listings). */
export interface ReplaySummary {
  id: number;
  taskId: string;
  cycleId: number;
  minerUid: number;
  envId: string;
  episodeIndex: number;
  code: string;
  steps: number;
  reward: number;
  frames: number;
  createdAt: Date;
}

/** A stored replay with everything, and whether its cycle's seeds are public yet. */
export interface Replay extends ReplaySummary, Omit<NewReplay, keyof ReplaySummary> {
  /** When the cycle's secret (and so every scene) was revealed; null while it runs. */
  revealedAt: Date | null;
  /** The episode's scene seed: publish it only once `revealedAt` is set. */
  seed: number;
}

/** Options of {@link saveReplay}. */
export interface SaveReplayOptions {
  /**
   * Keep the replays of this many newest cycles (counted by id back from this one's cycle);
   * older ones are deleted. @default 10
   */
  keepCycles?: number;
}

/**
 * Stores the replay of a task (replacing an earlier one of the same task) and deletes
 * replays of cycles older than `keepCycles`. Returns the replay id, or null when the task
 * does not exist.
 */
export async function saveReplay(
  db: Db,
  taskId: string,
  replay: NewReplay,
  options: SaveReplayOptions = {},
): Promise<number | null> {
  const keep = options.keepCycles ?? 10;
  return await db.transaction(async (tx) => {
    const rows = await tx.query<{ id: number; cycleId: number }>(
      `INSERT INTO episode_replays (task_id, cycle_id, miner_uid, env_id, episode_index, code,
         steps, reward, media_type, media, camera, width, height, frames, frame_every, actions)
       SELECT t.id, t.cycle_id, t.miner_uid, t.env_id, t.episode_index, $2, $3, $4, $5, $6, $7,
         $8, $9, $10, $11, $12::text::jsonb
       FROM tasks t WHERE t.id = $1
       ON CONFLICT (task_id) DO UPDATE SET code = EXCLUDED.code, steps = EXCLUDED.steps,
         reward = EXCLUDED.reward, media_type = EXCLUDED.media_type, media = EXCLUDED.media,
         camera = EXCLUDED.camera, width = EXCLUDED.width, height = EXCLUDED.height,
         frames = EXCLUDED.frames, frame_every = EXCLUDED.frame_every,
         actions = EXCLUDED.actions, created_at = now()
       RETURNING id, cycle_id`,
      [
        taskId,
        replay.code,
        replay.steps,
        replay.reward,
        replay.mediaType,
        replay.media,
        replay.camera,
        replay.width,
        replay.height,
        replay.frames,
        replay.frameEvery,
        JSON.stringify(replay.actions),
      ],
    );
    if (!rows[0]) return null;
    await tx.query("DELETE FROM episode_replays WHERE cycle_id <= $1", [
      rows[0].cycleId - keep,
    ]);
    return rows[0].id;
  });
}

/** Options of {@link listReplays}. */
export interface ListReplaysOptions {
  cycleId?: number;
  minerUid?: number;
  envId?: string;
  /** @default 100 */
  limit?: number;
}

const SUMMARY = `r.id, r.task_id::text AS task_id, r.cycle_id, r.miner_uid, r.env_id,
  r.episode_index, r.code, r.steps, r.reward, r.frames, r.created_at`;

/**
 * Replays of cycles whose seeds are revealed (never of a running cycle), newest cycle first,
 * then by miner, environment and episode.
 */
export function listReplays(db: Db, options: ListReplaysOptions = {}): Promise<ReplaySummary[]> {
  return db.query<ReplaySummary>(
    `SELECT ${SUMMARY} FROM episode_replays r JOIN cycles c ON c.id = r.cycle_id
     WHERE c.revealed_at IS NOT NULL AND ($1::int8 IS NULL OR r.cycle_id = $1)
       AND ($2::int IS NULL OR r.miner_uid = $2) AND ($3::text IS NULL OR r.env_id = $3)
     ORDER BY r.cycle_id DESC, r.miner_uid, r.env_id, r.episode_index LIMIT $4`,
    [
      options.cycleId ?? null,
      options.minerUid ?? null,
      options.envId ?? null,
      options.limit ?? 100,
    ],
  );
}

/** One replay with its media and actions, or null. The caller checks `revealedAt`. */
export async function getReplay(db: Db, id: number): Promise<Replay | null> {
  const rows = await db.query<Replay>(
    `SELECT ${SUMMARY}, r.media_type, r.media, r.camera, r.width, r.height, r.frame_every,
       r.actions, c.revealed_at, t.seed
     FROM episode_replays r JOIN cycles c ON c.id = r.cycle_id JOIN tasks t ON t.id = r.task_id
     WHERE r.id = $1`,
    [id],
  );
  const r = rows[0];
  if (!r) return null;
  return { ...r, media: new Uint8Array(r.media) };
}

import { gifSize, type SubmitTasksRequest } from "../../../core/wire/mod.ts";
import { type Db, type NewReplay, saveReplay, type SubmitOutcome } from "../../../db/mod.ts";
import { PayloadTooLargeError, ValidationError } from "../../../errors/mod.ts";
import type { Logger } from "../../../log/mod.ts";

/** Default cap of one replay's decoded media. */
export const DEFAULT_REPLAY_MAX_BYTES = 128 * 1024;

type SubmittedResult = SubmitTasksRequest["results"][number];

/** A replay ready to store, keyed by its result's task and lease. */
export interface DecodedReplay {
  taskId: string;
  leaseId: string;
  replay: NewReplay;
}

/**
 * Decodes and checks the replays of a submitted batch: the media must be a GIF of the stated
 * size and at most `maxBytes` long.
 * @throws {PayloadTooLargeError} when a replay is over the cap (413)
 * @throws {ValidationError} when a replay's media is not what it says (400)
 */
export function decodeReplays(
  results: readonly SubmittedResult[],
  maxBytes: number,
): DecodedReplay[] {
  const out: DecodedReplay[] = [];
  results.forEach((r, i) => {
    const rp = r.replay;
    if (!rp) return;
    const path = `results.${i}.replay`;
    // base64 is 4 characters per 3 bytes: refuse before decoding anything big
    if (Math.floor(rp.data.length / 4) * 3 > maxBytes + 2) {
      throw new PayloadTooLargeError(
        `Cannot accept ${path}: its media is larger than "${maxBytes}" bytes`,
      );
    }
    const media = Uint8Array.from(atob(rp.data), (ch) => ch.charCodeAt(0));
    if (media.length > maxBytes) {
      throw new PayloadTooLargeError(
        `Cannot accept ${path}: its media is ${media.length} bytes, more than "${maxBytes}"`,
      );
    }
    const size = gifSize(media);
    if (size === null || size.width !== rp.width || size.height !== rp.height) {
      throw new ValidationError(
        `Cannot accept ${path}: the media is not a ${rp.width}x${rp.height} GIF`,
        [{ path: `${path}.data`, message: "Must be a GIF of the stated width and height" }],
      );
    }
    out.push({
      taskId: r.task_id,
      leaseId: r.lease_id,
      replay: {
        code: r.code,
        steps: r.steps ?? 0,
        reward: r.reward ?? 0,
        mediaType: rp.media_type,
        media,
        camera: rp.camera,
        width: rp.width,
        height: rp.height,
        frames: rp.frames,
        frameEvery: rp.frame_every,
        actions: rp.actions,
      },
    });
  });
  return out;
}

/**
 * Stores the replays of results that were accepted as the task's final result (a result that
 * sends the task back to the pool is not kept). A replay is optional: failing to store one is
 * logged, never an error of the submission.
 */
export async function storeReplays(
  db: Db,
  replays: readonly DecodedReplay[],
  outcomes: readonly SubmitOutcome[],
  options: { keepCycles?: number; log: Logger },
): Promise<void> {
  for (const r of replays) {
    const o = outcomes.find((x) => x.taskId === r.taskId && x.leaseId === r.leaseId);
    if (o?.status !== "accepted" || o.taskStatus === "pending") continue;
    try {
      await saveReplay(db, r.taskId, r.replay, { keepCycles: options.keepCycles });
    } catch (err) {
      options.log.warn("Cannot store replay", { taskId: r.taskId, err: String(err) });
    }
  }
}

// The Kinitro miner protocol (v1), as the evaluator speaks it. Keep this file as it is:
// the evaluator sends exactly these shapes and checks your answers against them.
import { z } from "zod";

const rgbShape = z.tuple([
  z.int().positive(),
  z.int().positive(),
  z.literal(3),
]);

/** One camera image: base64 of raw row-major RGB bytes (height * width * 3 of them). */
export const WireImageSchema = z.object({
  data: z.string(),
  shape: rgbShape,
  dtype: z.literal("uint8"),
});

/** What `/reset` tells you about the episode. There is no seed and no object position. */
export const TaskConfigSchema = z.object({
  "env_id": z.string(),
  "episode_id": z.string(),
  "max_steps": z.int().positive(),
  cameras: z.array(z.string()),
  "image_shape": rgbShape,
});
export type TaskConfig = z.output<typeof TaskConfigSchema>;

export const ResetRequestSchema = z.object({ "task_config": TaskConfigSchema });

export const ActRequestSchema = z.object({
  "episode_id": z.string(),
  step: z.int().nonnegative(),
  /** [ee_x, ee_y, ee_z, gripper]: metres, and finger opening in [0, 1] (1 = open). */
  observation: z.array(z.number()).length(4),
  images: z.record(z.string(), WireImageSchema),
});
export type ActRequest = z.output<typeof ActRequestSchema>;

/** A decoded camera image. */
export interface Image {
  height: number;
  width: number;
  /** Row-major RGB bytes: pixel (y, x) channel c is at (y * width + x) * 3 + c. */
  rgb: Uint8Array;
}

/** Decodes a wire image; throws when the byte count does not match the shape. */
export function decodeImage(img: z.output<typeof WireImageSchema>): Image {
  const rgb = Uint8Array.fromBase64(img.data);
  const [height, width] = img.shape;
  if (rgb.length !== height * width * 3) {
    throw new RangeError(
      `image has ${rgb.length} bytes, expected ${height * width * 3}`,
    );
  }
  return { height, width, rgb };
}

/**
 * Makes an action safe to send: exactly 4 finite numbers in [-1, 1]. The evaluator clips
 * values outside [-1, 1] itself, but NaN, Infinity or a wrong length count as a missed step.
 */
export function toWireAction(action: ArrayLike<number>): number[] {
  if (action.length !== 4) {
    throw new RangeError(`action has ${action.length} values, not 4`);
  }
  return Array.from(action, (v) => {
    if (!Number.isFinite(v)) {
      throw new RangeError("action holds a non-finite value");
    }
    return Math.max(-1, Math.min(1, v));
  });
}

import { z } from "zod";

/** Version of the miner protocol these schemas describe. */
export const MINER_PROTOCOL_VERSION = "1";

/** Number of values in an action: `[dx, dy, dz, grip]`. */
export const ACTION_SIZE = 4;

/** Number of values in an observation: `[ee_x, ee_y, ee_z, gripper]`. */
export const OBSERVATION_SIZE = 4;

/** Cameras sent with every `/act`, in this order. */
export const DEFAULT_CAMERAS = ["corner", "gripper"] as const;

/** Height, width and channels of every camera image. */
export const DEFAULT_IMAGE_SHAPE = [84, 84, 3] as const;

const BASE64_REGEXP = /^[A-Za-z0-9+/]*={0,2}$/;

const finite = z.number().refine(Number.isFinite, "Must be a finite number");

/** An RGB camera image: base64 of the raw row-major bytes, its shape and dtype. */
export const ImageSchema = z.object({
  data: z.string().regex(BASE64_REGEXP, "Must be standard base64").describe(
    "Base64 (standard alphabet, padded) of the raw row-major RGB bytes, height*width*3 of them",
  ),
  shape: z.tuple([z.int().positive(), z.int().positive(), z.literal(3)]).describe(
    "[height, width, 3]",
  ),
  dtype: z.literal("uint8"),
});
/** An RGB camera image on the wire. */
export type Image = z.output<typeof ImageSchema>;

/** What a miner is told about the episode at `/reset`: no seed, no object positions. */
export const TaskConfigSchema = z.object({
  env_id: z.string().min(1).describe("Task id, e.g. metaworld/pick-place-v4"),
  episode_id: z.string().min(1).describe("Opaque id of this episode, echoed by /reset"),
  max_steps: z.int().positive().describe("Most /act calls the episode will make"),
  cameras: z.array(z.string().min(1)).describe("Camera names sent in /act images"),
  image_shape: z.tuple([z.int().positive(), z.int().positive(), z.literal(3)]).describe(
    "[height, width, 3] of every image",
  ),
});
/** The task configuration sent at `/reset`. */
export type TaskConfig = z.output<typeof TaskConfigSchema>;

/** Body of `POST /reset`. */
export const ResetRequestSchema = z.object({ task_config: TaskConfigSchema });
/** Body of `POST /reset`. */
export type ResetRequest = z.output<typeof ResetRequestSchema>;

/** Answer to `POST /reset`. */
export const ResetResponseSchema = z.object({
  status: z.literal("ok"),
  episode_id: z.string().describe("The episode_id of the request"),
});
/** Answer to `POST /reset`. */
export type ResetResponse = z.output<typeof ResetResponseSchema>;

/** Body of `POST /act`: proprioception and one image per camera. */
export const ActRequestSchema = z.object({
  episode_id: z.string().min(1),
  step: z.int().nonnegative().describe("0 for the first /act of the episode"),
  observation: z.array(finite).length(OBSERVATION_SIZE).describe(
    "[ee_x, ee_y, ee_z, gripper]: end-effector position in metres, finger opening in [0, 1] (1 = open)",
  ),
  images: z.record(z.string(), ImageSchema).describe("One image per camera of the task config"),
});
/** Body of `POST /act`. */
export type ActRequest = z.output<typeof ActRequestSchema>;

/**
 * Answer to `POST /act` as published. The client checks the action itself with
 * {@link parseAction}, so that a malformed action is told apart from a malformed body.
 */
export const ActResponseSchema = z.object({
  action: z.array(finite).length(ACTION_SIZE).describe(
    "[dx, dy, dz, grip] in [-1, 1]: xyz move the end-effector target by up to 1 cm per step, grip +1 closes and -1 opens; values outside are clipped",
  ),
});
/** Answer to `POST /act`. */
export type ActResponse = z.output<typeof ActResponseSchema>;

/** Answer to `GET /health`; any 2xx counts as healthy. */
export const HealthResponseSchema = z.looseObject({
  status: z.string().describe('"ok" when the policy is ready'),
});
/** Answer to `GET /health`. */
export type HealthResponse = z.output<typeof HealthResponseSchema>;

/** A checked action: four finite numbers, each in [-1, 1]. */
export type Action = readonly [number, number, number, number];

/** Outcome of {@link parseAction}. */
export type ParsedAction =
  | { ok: true; action: Action; clipped: boolean }
  | { ok: false; reason: string };

/**
 * Checks an action received from a miner: exactly four finite numbers. Values outside
 * [-1, 1] are clipped (and `clipped` is set); anything else is a bad action.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseAction } from "./mod.ts";
 *
 * assert.deepEqual(parseAction([2, 0, -0.5, 1]), { ok: true, action: [1, 0, -0.5, 1], clipped: true });
 * assert.equal(parseAction([0, 0, 0]).ok, false);
 * ```
 */
export function parseAction(value: unknown): ParsedAction {
  if (!Array.isArray(value)) {
    return { ok: false, reason: `action is ${describeType(value)}, not an array` };
  }
  if (value.length !== ACTION_SIZE) {
    return { ok: false, reason: `action has ${value.length} values, not ${ACTION_SIZE}` };
  }
  const out: number[] = [];
  let clipped = false;
  for (let i = 0; i < ACTION_SIZE; i++) {
    const v = value[i];
    if (typeof v !== "number") {
      return { ok: false, reason: `action[${i}] is ${describeType(v)}, not a number` };
    }
    if (!Number.isFinite(v)) return { ok: false, reason: `action[${i}] is not finite` };
    const c = v > 1 ? 1 : v < -1 ? -1 : v;
    if (c !== v) clipped = true;
    out.push(c === 0 ? 0 : c); // fold -0 into 0 so that held actions compare equal
  }
  return { ok: true, action: out as unknown as Action, clipped };
}

function describeType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

/** Encodes raw row-major RGB bytes as a wire image. */
export function encodeImage(rgb: Uint8Array, height: number, width: number): Image {
  if (rgb.length !== height * width * 3) {
    throw new RangeError(
      `Cannot encode image: "${rgb.length}" bytes do not match shape [${height}, ${width}, 3]`,
    );
  }
  return { data: rgb.toBase64(), shape: [height, width, 3], dtype: "uint8" };
}

/**
 * Decodes a wire image to raw row-major RGB bytes.
 *
 * @throws {RangeError} when the data is not base64 or its length does not match the shape
 */
export function decodeImage(image: Image): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.fromBase64(image.data);
  } catch (cause) {
    throw new RangeError("Cannot decode image: data is not base64", { cause });
  }
  const [h, w, c] = image.shape;
  if (bytes.length !== h * w * c) {
    throw new RangeError(
      `Cannot decode image: "${bytes.length}" bytes do not match shape [${h}, ${w}, ${c}]`,
    );
  }
  return bytes;
}

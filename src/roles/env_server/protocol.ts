/**
 * The env-server wire format (docs/training.md#protocol). Every frame is `u32 length (LE)`, `u8 type`,
 * then `length - 1` payload bytes. The handshake payloads are JSON; the hot path is raw arrays.
 */
import { z } from "zod";
import { ValidationError } from "../../errors/mod.ts";

/** Frame types. */
export const FRAME = {
  /** client → server, JSON {@link HelloSchema}. */
  hello: 1,
  /** client → server, `f64[N]` seeds (a negative seed: the env's next seed of its stream). */
  reset: 2,
  /** client → server, `f32[N*4]` actions. */
  step: 3,
  /** client → server, empty: end the session (the server closes the connection). */
  close: 4,
  /** server → client, JSON {@link Welcome}. */
  welcome: 101,
  /** server → client, a batch ({@link batchLayout}). */
  batch: 102,
  /** server → client, UTF-8 error message. */
  error: 255,
} as const;

/** Largest frame either side accepts (a hello or a step of the most environments). */
export const MAX_FRAME_BYTES = 1 << 20;

/** The client's first frame: which environments to open. */
export const HelloSchema = z.object({
  /** One id per environment, or one id for all (cycled when shorter than `num_envs`). */
  "env_ids": z.array(z.string().min(1).max(200)).min(1).max(4096),
  "num_envs": z.number().int().min(1).max(4096),
  /** Render the policy cameras (`corner`, `gripper`). */
  cameras: z.boolean().default(true),
  "image_size": z.number().int().min(8).max(512).default(84),
  /** Domain randomization on every reset (as in evaluation). */
  randomize: z.boolean().default(true),
  /** Steps before truncation. @default the task's episode length */
  "max_steps": z.number().int().min(1).max(100_000).optional(),
  /** `oracle`: the server acts with the scripted expert and reports its actions. */
  policy: z.enum(["client", "oracle"]).default("client"),
  /** Gaussian noise added to the oracle's executed action (recorded actions stay clean). */
  "oracle_noise": z.number().min(0).max(2).default(0),
}).strict();

/** A validated hello. */
export type Hello = z.output<typeof HelloSchema>;

/** The server's answer to a hello. */
export interface Welcome {
  protocol: 1;
  "num_envs": number;
  "env_ids": string[];
  /** Index of each env's id in `task_ids` (-1 when not there). */
  "task_index": number[];
  /** The model contract's task order. */
  "task_ids": string[];
  cameras: string[];
  "image_size": number;
  "proprio_dim": 4;
  "action_dim": 4;
  "max_steps": number[];
}

/** Byte offsets of the arrays of a batch frame's payload, all little-endian. */
export interface BatchLayout {
  /** `f64[N]` the seed of each env's current episode. */
  seed: number;
  /** `f32[N*4]` proprio. */
  proprio: number;
  /** `f32[N]` reward of the last step (0 after a reset). */
  reward: number;
  /** `f32[N*4]` the oracle's action for this observation (zeros for `policy: client`). */
  action: number;
  /** `u32[N]` steps taken in the episode. */
  steps: number;
  /** `u8[N]` each: terminated, truncated, success. */
  terminated: number;
  truncated: number;
  success: number;
  /** `u8[N*H*W*3]` per camera, in `cameras` order, rows top to bottom. */
  images: number[];
  /** Payload bytes. */
  bytes: number;
}

/** The layout of a batch of `n` envs with `cameras` images of `size`². */
export function batchLayout(n: number, cameras: number, size: number): BatchLayout {
  const seed = 0, proprio = 8 * n, reward = proprio + 16 * n, action = reward + 4 * n;
  const steps = action + 16 * n, terminated = steps + 4 * n;
  const truncated = terminated + n, success = truncated + n;
  let at = success + n;
  at += (8 - at % 8) % 8;
  const images: number[] = [];
  for (let c = 0; c < cameras; c++) images.push(at), at += n * size * size * 3;
  return {
    seed,
    proprio,
    reward,
    action,
    steps,
    terminated,
    truncated,
    success,
    images,
    bytes: at,
  };
}

/** Frames a payload: `u32 length`, `u8 type`, payload. */
export function frame(type: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(5 + payload.length);
  new DataView(out.buffer).setUint32(0, payload.length + 1, true);
  out[4] = type;
  out.set(payload, 5);
  return out;
}

/** Parses a hello payload. @throws {ValidationError} naming the bad field */
export function parseHello(payload: Uint8Array): Hello {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    throw new ValidationError("Cannot read the hello frame: its payload is not JSON");
  }
  const parsed = HelloSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(
      `Cannot read the hello frame: ${issue.path.join(".") || "(root)"}: ${issue.message}`,
    );
  }
  return parsed.data;
}

/** What {@link FrameReader} reads from: a `Deno.Conn` (its `read`, no stream layer). */
export interface ByteSource {
  read(p: Uint8Array): Promise<number | null>;
}

/** Reads frames from a connection. */
export class FrameReader {
  readonly #source: ByteSource;
  readonly #chunk = new Uint8Array(64 * 1024);
  #buf = new Uint8Array(0);
  #cancelled = false;

  constructor(source: ByteSource) {
    this.#source = source;
  }

  /**
   * The next frame, or `null` at a clean end of stream.
   * @throws {ValidationError} on a length out of bounds or a stream cut inside a frame
   */
  async next(): Promise<{ type: number; payload: Uint8Array } | null> {
    const head = await this.#take(5, true);
    if (head === null) return null;
    const length = new DataView(head.buffer, head.byteOffset, 5).getUint32(0, true);
    if (length < 1 || length > MAX_FRAME_BYTES) {
      throw new ValidationError(
        `Cannot read frame: length ${length} is outside 1..${MAX_FRAME_BYTES}`,
      );
    }
    const payload = await this.#take(length - 1, false);
    return { type: head[4], payload: payload ?? new Uint8Array(0) };
  }

  async #take(n: number, atStart: boolean): Promise<Uint8Array | null> {
    while (this.#buf.length < n) {
      let got: number | null = null;
      if (!this.#cancelled) got = await this.#source.read(this.#chunk).catch(() => null);
      if (got === null) {
        if (atStart && this.#buf.length === 0) return null;
        throw new ValidationError("Cannot read frame: the stream ended inside a frame");
      }
      const merged = new Uint8Array(this.#buf.length + got);
      merged.set(this.#buf), merged.set(this.#chunk.subarray(0, got), this.#buf.length);
      this.#buf = merged;
    }
    const out = this.#buf.slice(0, n);
    this.#buf = this.#buf.subarray(n);
    return out;
  }

  /** Stops reading (the next read reports the end of the stream). */
  cancel(): void {
    this.#cancelled = true;
  }
}

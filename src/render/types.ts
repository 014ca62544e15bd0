/** The renderer contract shared by both backends. */
import type { RendererChoice } from "../config/mod.ts";
import type { CameraSpec, SceneSnapshot } from "../core/mod.ts";

/** Backend names (config's `RENDERER_CHOICES`); `auto` picks WebGPU when an adapter exists, else the CPU. */
export type RendererBackend = RendererChoice;

/** One snapshot and the cameras to render it from. */
export interface RenderJob {
  /** Scene state to draw. */
  snapshot: SceneSnapshot;
  /** Cameras; each gives one image. */
  cameras: readonly CameraSpec[];
}

/** Options shared by both backends. */
export interface RenderOptions {
  /**
   * Render at 2x width and height and average each 2x2 block (anti-aliasing).
   * @default {false}
   */
  supersample?: boolean;
  /**
   * Background colour, RGB in [0, 1].
   * @default {[0.1, 0.12, 0.15]}
   */
  background?: readonly [number, number, number];
}

/** Options of the WebGPU backend (the CPU backend ignores them). */
export interface WebGpuOptions {
  /**
   * Batches in flight at once, each with its own textures and readback buffer: while one
   * waits for its readback (about 11 ms in Deno), the next ones are encoded and submitted.
   * @default {4}
   */
  maxInFlight?: number;
  /**
   * Most frames (images) that concurrent calls merge into one batch; a single larger
   * `renderBatch` call still goes as one batch.
   * @default {64}
   */
  maxBatchFrames?: number;
}

/** Default background colour (a dark blue-grey, distinct from every prop). */
export const DEFAULT_BACKGROUND: readonly [number, number, number] = [0.1, 0.12, 0.15];
/** Near clipping distance in metres (both backends clip here). */
export const NEAR_PLANE = 0.01;
/** Lights used per snapshot (the first ones; MuJoCo's renderer also uses at most 8). */
export const MAX_LIGHTS = 8;
/** Far clipping distance in metres of the WebGPU depth range. */
export const FAR_PLANE = 100;

/**
 * Draws RGB images of scene snapshots. Images are `width x height x 3` bytes, row 0 at the
 * top, one per camera, in camera order.
 */
export interface Renderer extends Disposable {
  /** The backend in use. */
  readonly backend: "cpu" | "webgpu";
  /** Renders one snapshot from each camera. */
  render(snapshot: SceneSnapshot, cameras: readonly CameraSpec[]): Promise<Uint8Array[]>;
  /**
   * Renders many snapshots at once (one GPU submit and one readback on WebGPU); result `[j][c]`
   * is job `j`, camera `c`.
   */
  renderBatch(jobs: readonly RenderJob[]): Promise<Uint8Array[][]>;
  /** Frees GPU resources; the renderer cannot be used after. */
  close(): void;
}

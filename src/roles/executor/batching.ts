/**
 * Coalesces the render calls of concurrent episodes into one `renderBatch` (one GPU submit
 * and one readback on WebGPU). Calls made in the same turn of the event loop share a batch.
 */
import { type CameraSpec, MicroBatch, type SceneSnapshot } from "../../core/mod.ts";
import type { Renderer, RenderJob } from "../../render/mod.ts";
import type { FrameRenderer } from "./types.ts";

interface Waiting {
  job: RenderJob;
  resolve: (frames: Uint8Array[]) => void;
  reject: (err: unknown) => void;
}

/** A {@link FrameRenderer} over a batched renderer. */
export class BatchingRenderer implements FrameRenderer {
  readonly #inner: Pick<Renderer, "renderBatch">;
  readonly #queue: MicroBatch<Waiting>;
  /** Batches submitted so far (for tests and logs). */
  batches = 0;

  /** `maxBatch` snapshots at most per batch (@default 64). */
  constructor(inner: Pick<Renderer, "renderBatch">, maxBatch = 64) {
    this.#inner = inner;
    this.#queue = new MicroBatch(maxBatch, (batch) => this.#run(batch));
  }

  render(snapshot: SceneSnapshot, cameras: readonly CameraSpec[]): Promise<Uint8Array[]> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ job: { snapshot, cameras }, resolve, reject });
    });
  }

  #run(batch: Waiting[]): void {
    this.batches++;
    this.#inner.renderBatch(batch.map((w) => w.job)).then(
      (frames) => batch.forEach((w, i) => w.resolve(frames[i])),
      (err) => batch.forEach((w) => w.reject(err)),
    );
  }
}

/**
 * The WebGPU backend. A batch of (snapshot, camera) frames becomes one command buffer: one
 * render pass per frame into a layer of an array texture (instanced draws of the mesh atlas),
 * a compute pass that downsamples and packs RGB bytes into one buffer, one copy and ONE
 * readback (each GPU->CPU sync costs ~11 ms in Deno, so per-frame readbacks would cap
 * throughput near 90 frames/s). Up to `maxInFlight` batches run at once, each in its own
 * {@link FrameSlot}: while one waits for its readback, the next ones are encoded and submitted.
 */
import type { CameraSpec, SceneSnapshot } from "../../core/mod.ts";
import { ConfigError, DependencyError } from "../../errors/mod.ts";
import { newGeomShape } from "../tessellate.ts";
import {
  DEFAULT_BACKGROUND,
  type Renderer,
  type RenderJob,
  type RenderOptions,
  type WebGpuOptions,
} from "../types.ts";
import { FrameSlot } from "./frame_slot.ts";
import { type Frame, type UploadContext, uploadPasses, uploadScenes } from "./upload.ts";
import { MeshAtlas } from "./mesh_atlas.ts";
import {
  GEOM_FLOATS,
  LIGHT_FLOATS,
  PASS_UNIFORM_BYTES,
  RESOLVE_WGSL,
  SCENE_WGSL,
} from "./shaders.ts";
import { buildSceneBindGroupLayout, buildScenePipeline, ResolveStage } from "./pipelines.ts";

/** A queued `renderBatch` call. */
interface PendingBatch {
  jobs: readonly RenderJob[];
  /** Images it asks for (cameras over all jobs). */
  frames: number;
  resolve: (images: Uint8Array[][]) => void;
  reject: (err: unknown) => void;
}

/** Batches in flight at once by default. */
export const DEFAULT_MAX_IN_FLIGHT = 4;
/**
 * Frames merged into one batch by default. Pipelined, a batch of 64 costs little more per
 * frame than larger ones, and smaller batches keep more slots busy.
 */
export const DEFAULT_MAX_BATCH_FRAMES = 64;

/** Counters of a {@link WebGpuRenderer}. */
export interface WebGpuStats {
  /** Batches read back (a batch too big for one binding counts once per part). */
  batches: number;
  /** Images rendered. */
  frames: number;
  /** Most batches that were in flight at the same time. */
  peakInFlight: number;
}

/** Batched WebGPU renderer; create with {@link WebGpuRenderer.create}. */
export class WebGpuRenderer implements Renderer {
  readonly backend = "webgpu" as const;
  #device: GPUDevice;
  #atlas: MeshAtlas;
  #sceneLayout: GPUBindGroupLayout;
  #pipeline: GPURenderPipeline;
  #resolve: ResolveStage;
  /** Per-batch resources; `#free` lists the idle ones (created up to `#maxInFlight`). */
  #slots: FrameSlot[] = [];
  #free: FrameSlot[] = [];
  #maxInFlight: number;
  #maxBatchFrames: number;
  #inFlight = 0;
  #maxLayers: number;
  #background: readonly [number, number, number];
  #factor: number;
  #uploadContext: UploadContext;
  #closed = false;
  #pending: PendingBatch[] = [];
  #flushScheduled = false;
  #stats: WebGpuStats = { batches: 0, frames: 0, peakInFlight: 0 };
  /** Why the device was lost, once it is. */
  #lost: string | null = null;
  /** Rejects when the device is lost (in-flight readbacks race it). */
  #lostSignal: Promise<never>;
  /** Validation errors reported by the device since the last batch. */
  #errors: string[] = [];

  private constructor(device: GPUDevice, options: RenderOptions & WebGpuOptions) {
    this.#device = device;
    this.#lostSignal = device.lost.then((info) => {
      this.#lost = info.message || info.reason || "unknown reason";
      const err = this.#lostError();
      for (const r of this.#pending.splice(0)) r.reject(err);
      throw err;
    });
    this.#lostSignal.catch(() => {});
    device.addEventListener("uncapturederror", (e) => {
      this.#errors.push((e as GPUUncapturedErrorEvent).error.message);
    });
    this.#atlas = new MeshAtlas(device);
    this.#sceneLayout = buildSceneBindGroupLayout(device);
    this.#pipeline = buildScenePipeline(device, this.#sceneLayout, SCENE_WGSL);
    this.#resolve = new ResolveStage(device, RESOLVE_WGSL);
    this.#maxLayers = Math.min(256, device.limits.maxTextureArrayLayers);
    this.#background = options.background ?? DEFAULT_BACKGROUND;
    this.#factor = options.supersample ? 2 : 1;
    this.#uploadContext = { atlas: this.#atlas, factor: this.#factor, shape: newGeomShape() };
    this.#maxInFlight = positiveInt(options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT, "maxInFlight");
    this.#maxBatchFrames = positiveInt(
      options.maxBatchFrames ?? DEFAULT_MAX_BATCH_FRAMES,
      "maxBatchFrames",
    );
  }

  /** Opens a device on `adapter` and builds the pipelines. */
  static async create(
    adapter: GPUAdapter,
    options: RenderOptions & WebGpuOptions = {},
  ): Promise<WebGpuRenderer> {
    // Ask for the adapter's own binding limits (the default is 128 MiB), so that large
    // batches need not be split. Array layers stay at the default 256 per texture: more
    // textures cost nothing, as all of them go in the same submit.
    const l = adapter.limits;
    const device = await adapter.requestDevice({
      requiredLimits: {
        maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
        maxBufferSize: l.maxBufferSize,
      },
    });
    return new WebGpuRenderer(device, options);
  }

  async render(snapshot: SceneSnapshot, cameras: readonly CameraSpec[]): Promise<Uint8Array[]> {
    return (await this.renderBatch([{ snapshot, cameras }]))[0];
  }

  /**
   * Queues the jobs. A batch starts at once while fewer than `maxInFlight` are in flight (calls
   * made in the same tick share it, up to `maxBatchFrames` frames); calls made while every slot
   * is busy are merged into the next batch, so concurrent callers (one per episode) share
   * submits and readbacks. A batch that fails rejects every call merged into it.
   */
  renderBatch(jobs: readonly RenderJob[]): Promise<Uint8Array[][]> {
    if (this.#closed) {
      return Promise.reject(new Error("Cannot render: the WebGPU renderer is closed"));
    }
    if (this.#lost !== null) return Promise.reject(this.#lostError());
    let frames = 0;
    for (const j of jobs) frames += j.cameras.length;
    return new Promise((resolve, reject) => {
      this.#pending.push({ jobs, frames, resolve, reject });
      this.#scheduleFlush();
    });
  }

  /** Batches and readbacks done so far (frames counts images). */
  get stats(): WebGpuStats {
    return { ...this.#stats };
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled || this.#inFlight >= this.#maxInFlight) return;
    this.#flushScheduled = true;
    queueMicrotask(() => this.#flush());
  }

  /** Starts batches from the queue while slots are free. */
  #flush(): void {
    this.#flushScheduled = false;
    while (this.#pending.length > 0 && this.#inFlight < this.#maxInFlight && !this.#closed) {
      let n = 1, frames = this.#pending[0].frames;
      while (
        n < this.#pending.length && frames + this.#pending[n].frames <= this.#maxBatchFrames
      ) frames += this.#pending[n++].frames;
      const slot = this.#free.pop() ?? new FrameSlot(this.#device);
      if (!this.#slots.includes(slot)) this.#slots.push(slot);
      this.#inFlight++;
      this.#stats.peakInFlight = Math.max(this.#stats.peakInFlight, this.#inFlight);
      // Encoding and submitting run synchronously up to the readback, so the loop's next
      // batch is encoded while this one is on the GPU.
      // Shared resources (mesh atlas, the resolve stage's uniforms) are only written through
      // the queue, which orders those writes after the submits of earlier batches.
      void this.#run(slot, this.#pending.splice(0, n));
    }
  }

  async #run(slot: FrameSlot, requests: PendingBatch[]): Promise<void> {
    try {
      const images = await this.#renderNow(slot, requests.flatMap((r) => r.jobs));
      let k = 0;
      for (const r of requests) {
        r.resolve(images.slice(k, k + r.jobs.length));
        k += r.jobs.length;
      }
    } catch (err) {
      const reason = this.#closed
        ? new Error("Cannot render: the WebGPU renderer was closed", { cause: err })
        : err;
      for (const r of requests) r.reject(reason);
    } finally {
      this.#inFlight--;
      if (this.#closed) slot.destroy();
      else this.#free.push(slot);
      if (this.#pending.length > 0) this.#scheduleFlush();
    }
  }

  #lostError(): DependencyError {
    return new DependencyError(`Cannot render with WebGPU: the device was lost ("${this.#lost}")`);
  }

  async #renderNow(slot: FrameSlot, jobs: readonly RenderJob[]): Promise<Uint8Array[][]> {
    if (this.#closed) throw new Error("Cannot render: the WebGPU renderer is closed");
    if (this.#lost !== null) throw this.#lostError();
    if (jobs.length > 1 && this.#exceedsLimits(jobs)) {
      // Too big for one binding: render the halves in this slot (two readbacks instead of one).
      const mid = jobs.length >> 1;
      const head = await this.#renderNow(slot, jobs.slice(0, mid));
      return head.concat(await this.#renderNow(slot, jobs.slice(mid)));
    }
    const frames: Frame[] = [];
    let words = 0, maxW = 1, maxH = 1, maxPix = 1;
    jobs.forEach((job, j) => {
      for (const camera of job.cameras) {
        frames.push({ job: j, camera, offset: words * 4 });
        words += Math.ceil((camera.width * camera.height) / 4) * 3;
        maxW = Math.max(maxW, camera.width), maxH = Math.max(maxH, camera.height);
        maxPix = Math.max(maxPix, camera.width * camera.height);
      }
    });
    if (frames.length === 0) return jobs.map(() => []);
    const f = this.#factor;
    const { draws, lightStart, dataBytes } = uploadScenes(this.#uploadContext, slot, jobs, frames);
    uploadPasses(this.#uploadContext, slot, jobs, frames, lightStart);
    this.#atlas.upload();
    const layers = Math.min(frames.length, this.#maxLayers);
    slot.ensureTextures(maxW * f, maxH * f, layers, frames.length);

    const outBytes = Math.max(16, words * 4);
    const out = slot.buffer("out", outBytes, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC);
    const read = slot.buffer("read", outBytes, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
    const sceneGroup = this.#device.createBindGroup({
      layout: this.#sceneLayout,
      entries: [
        { binding: 0, resource: { buffer: slot.get("data"), size: dataBytes } },
        { binding: 1, resource: { buffer: slot.get("passes"), size: PASS_UNIFORM_BYTES } },
      ],
    });
    const enc = this.#device.createCommandEncoder();
    const bg = this.#background;
    const chunk = slot.layers;
    for (let start = 0, c = 0; start < frames.length; start += chunk, c++) {
      const tex = slot.colorTextures[c], views = slot.layerViews[c];
      const count = Math.min(chunk, frames.length - start);
      for (let k = 0; k < count; k++) {
        const i = start + k, fr = frames[i];
        const pass = enc.beginRenderPass({
          colorAttachments: [{
            view: views[k],
            clearValue: { r: bg[0], g: bg[1], b: bg[2], a: 1 },
            loadOp: "clear",
            storeOp: "store",
          }],
          depthStencilAttachment: {
            view: slot.depthView!,
            depthClearValue: 1,
            depthLoadOp: "clear",
            depthStoreOp: "discard",
          },
        });
        pass.setViewport(0, 0, fr.camera.width * f, fr.camera.height * f, 0, 1);
        pass.setPipeline(this.#pipeline);
        pass.setBindGroup(0, sceneGroup, [i * PASS_UNIFORM_BYTES]);
        pass.setVertexBuffer(0, this.#atlas.vertexBuffer!);
        pass.setIndexBuffer(this.#atlas.indexBuffer!, "uint32");
        for (const d of draws[i]) {
          const e = this.#atlas.entry(d.mesh);
          pass.drawIndexed(e.indexCount, d.count, e.firstIndex, e.baseVertex, d.first);
        }
        pass.end();
      }
      this.#resolve.encode(enc, {
        texture: tex,
        layers: slot.get("layers"),
        out,
        outBytes,
        chunk: c,
        baseLayer: start,
        layerCount: count,
        maxPixels: maxPix,
      });
    }
    enc.copyBufferToBuffer(out, 0, read, 0, outBytes);
    this.#device.queue.submit([enc.finish()]);
    // A lost device may never settle the map: the loss rejects it instead.
    await Promise.race([read.mapAsync(GPUMapMode.READ, 0, outBytes), this.#lostSignal]);
    const mapped = new Uint8Array(read.getMappedRange(0, outBytes));
    const result: Uint8Array[][] = jobs.map(() => []);
    for (const fr of frames) {
      const n = fr.camera.width * fr.camera.height * 3;
      result[fr.job].push(mapped.slice(fr.offset, fr.offset + n));
    }
    read.unmap();
    this.#stats.batches++;
    this.#stats.frames += frames.length;
    if (this.#errors.length > 0) {
      const message = this.#errors.splice(0).join("; ");
      throw new Error(`Cannot render with WebGPU: the device reported "${message}"`);
    }
    return result;
  }

  /** Whether the batch's output or scene data would exceed a storage binding. */
  #exceedsLimits(jobs: readonly RenderJob[]): boolean {
    let out = 0, data = 0;
    for (const { snapshot: s, cameras } of jobs) {
      for (const c of cameras) out += Math.ceil((c.width * c.height) / 4) * 12;
      data += (cameras.length * s.geomCount * GEOM_FLOATS + s.lights.length * LIGHT_FLOATS) * 4;
    }
    const limits = this.#device.limits;
    const max = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize / 2);
    return out > max || data > max;
  }

  /**
   * Frees every GPU resource and the device. Queued calls reject; batches in flight reject
   * as their readbacks fail.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const err = new Error("Cannot render: the WebGPU renderer is closed");
    for (const r of this.#pending.splice(0)) r.reject(err);
    for (const slot of this.#slots) slot.destroy();
    this.#slots = [];
    this.#free = [];
    this.#atlas.destroy();
    this.#resolve.destroy();
    this.#device.destroy();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

function positiveInt(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigError(
      `Cannot create the WebGPU renderer: "${name}" must be a positive integer, got "${value}"`,
    );
  }
  return value;
}

/**
 * The WebGPU backend. A batch of (snapshot, camera) frames becomes one command buffer: one
 * render pass per frame into a layer of an array texture (instanced draws of the mesh atlas),
 * a compute pass that downsamples and packs RGB bytes into one buffer, one copy and ONE
 * readback (each GPU->CPU sync costs ~11 ms in Deno, so per-frame readbacks would cap
 * throughput near 90 frames/s).
 */
import type { CameraSpec, SceneSnapshot } from "../../core/mod.ts";
import { DependencyError } from "../../errors/mod.ts";
import {
  focalPixels,
  type GeomShape,
  geomShape,
  newGeomShape,
  pickMesh,
  viewDepth,
} from "../tessellate.ts";
import {
  DEFAULT_BACKGROUND,
  FAR_PLANE,
  MAX_LIGHTS,
  NEAR_PLANE,
  type Renderer,
  type RenderJob,
  type RenderOptions,
} from "../types.ts";
import { MeshAtlas } from "./mesh_atlas.ts";
import {
  GEOM_FLOATS,
  LIGHT_FLOATS,
  PASS_UNIFORM_BYTES,
  RESOLVE_WGSL,
  SCENE_WGSL,
} from "./shaders.ts";
import { buildSceneBindGroupLayout, buildScenePipeline, ResolveStage } from "./pipelines.ts";

const PASS_FLOATS = PASS_UNIFORM_BYTES / 4;

/** One draw: `count` instances of atlas mesh `mesh`, starting at instance `first`. */
interface Draw {
  mesh: number;
  first: number;
  count: number;
}

/** A frame of the batch: which job and camera, and where its bytes land. */
interface Frame {
  job: number;
  camera: CameraSpec;
  /** First byte in the output buffer. */
  offset: number;
}

/** A queued `renderBatch` call. */
interface PendingBatch {
  jobs: readonly RenderJob[];
  resolve: (images: Uint8Array[][]) => void;
  reject: (err: unknown) => void;
}

/** Batched WebGPU renderer; create with {@link WebGpuRenderer.create}. */
export class WebGpuRenderer implements Renderer {
  readonly backend = "webgpu" as const;
  #device: GPUDevice;
  #atlas: MeshAtlas;
  #sceneLayout: GPUBindGroupLayout;
  #pipeline: GPURenderPipeline;
  #resolve: ResolveStage;
  #buffers = new Map<string, GPUBuffer>();
  #colorTextures: GPUTexture[] = [];
  /** Per colour texture, one 2D view per layer (views are reused between batches). */
  #layerViews: GPUTextureView[][] = [];
  #depthView: GPUTextureView | null = null;
  #colorSize = { w: 0, h: 0, layers: 0 };
  #depth: GPUTexture | null = null;
  #maxLayers: number;
  #background: readonly [number, number, number];
  #factor: number;
  #shape = newGeomShape();
  #dataBytes = 0;
  #closed = false;
  #pending: PendingBatch[] = [];
  #busy = false;
  #flushScheduled = false;
  #stats = { batches: 0, frames: 0 };
  /** Why the device was lost, once it is. */
  #lost: string | null = null;
  /** Validation errors reported by the device since the last batch. */
  #errors: string[] = [];

  private constructor(device: GPUDevice, options: RenderOptions) {
    this.#device = device;
    device.lost.then((info) => {
      this.#lost = info.message || info.reason || "unknown reason";
    });
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
  }

  /** Opens a device on `adapter` and builds the pipelines. */
  static async create(adapter: GPUAdapter, options: RenderOptions = {}): Promise<WebGpuRenderer> {
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
   * Queues the jobs. Calls made while the GPU is busy are merged into the next batch, so
   * concurrent callers (one per episode) share submits and readbacks; a batch that fails
   * rejects every call merged into it.
   */
  renderBatch(jobs: readonly RenderJob[]): Promise<Uint8Array[][]> {
    if (this.#closed) {
      return Promise.reject(new Error("Cannot render: the WebGPU renderer is closed"));
    }
    return new Promise((resolve, reject) => {
      this.#pending.push({ jobs, resolve, reject });
      this.#scheduleFlush();
    });
  }

  /** Batches and readbacks done so far (frames counts images). */
  get stats(): { batches: number; frames: number } {
    return { ...this.#stats };
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled || this.#busy) return;
    this.#flushScheduled = true;
    queueMicrotask(() => this.#flush());
  }

  async #flush(): Promise<void> {
    this.#flushScheduled = false;
    if (this.#busy || this.#pending.length === 0) return;
    this.#busy = true;
    const requests = this.#pending.splice(0);
    try {
      const images = await this.#renderNow(requests.flatMap((r) => r.jobs));
      let k = 0;
      for (const r of requests) {
        r.resolve(images.slice(k, k + r.jobs.length));
        k += r.jobs.length;
      }
    } catch (err) {
      for (const r of requests) r.reject(err);
    } finally {
      this.#busy = false;
      if (this.#pending.length > 0) this.#scheduleFlush();
    }
  }

  async #renderNow(jobs: readonly RenderJob[]): Promise<Uint8Array[][]> {
    if (this.#closed) throw new Error("Cannot render: the WebGPU renderer is closed");
    if (this.#lost !== null) {
      throw new DependencyError(`Cannot render with WebGPU: the device was lost ("${this.#lost}")`);
    }
    if (jobs.length > 1 && this.#exceedsLimits(jobs)) {
      // Too big for one binding: render the halves (two readbacks instead of one).
      const mid = jobs.length >> 1;
      const head = await this.#renderNow(jobs.slice(0, mid));
      return head.concat(await this.#renderNow(jobs.slice(mid)));
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
    const { draws, lightStart } = this.#uploadScenes(jobs, frames);
    this.#uploadPasses(jobs, frames, lightStart);
    this.#atlas.upload();
    this.#ensureTextures(maxW * f, maxH * f, Math.min(frames.length, this.#maxLayers));

    const outBytes = Math.max(16, words * 4);
    const out = this.#buffer("out", outBytes, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC);
    const read = this.#buffer("read", outBytes, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
    const sceneGroup = this.#device.createBindGroup({
      layout: this.#sceneLayout,
      entries: [
        { binding: 0, resource: { buffer: this.#buffers.get("data")!, size: this.#dataBytes } },
        {
          binding: 1,
          resource: { buffer: this.#buffers.get("passes")!, size: PASS_UNIFORM_BYTES },
        },
      ],
    });
    const enc = this.#device.createCommandEncoder();
    const bg = this.#background;
    const chunk = this.#colorSize.layers;
    this.#ensureChunks(Math.ceil(frames.length / chunk));
    for (let start = 0, c = 0; start < frames.length; start += chunk, c++) {
      const tex = this.#colorTextures[c], views = this.#layerViews[c];
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
            view: this.#depthView!,
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
        layers: this.#buffers.get("layers")!,
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
    await read.mapAsync(GPUMapMode.READ, 0, outBytes);
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
   * Writes geom instances per frame (grouped by mesh, with the level of detail picked for that
   * frame's camera, as the CPU backend picks it) and lights per job; returns the draws per frame.
   */
  #uploadScenes(
    jobs: readonly RenderJob[],
    frames: readonly Frame[],
  ): { draws: Draw[][]; lightStart: number[] } {
    let total = 0, lightTotal = 0;
    for (const fr of frames) total += jobs[fr.job].snapshot.geomCount;
    for (const j of jobs) lightTotal += j.snapshot.lights.length;
    // One storage array: geoms, then lights (lightStart counts vec4s from the start).
    const lightBase = total * GEOM_FLOATS;
    const data = new Float32Array(Math.max(4, total * GEOM_FLOATS + lightTotal * LIGHT_FLOATS));
    const draws: Draw[][] = [];
    const shape = this.#shape;
    let inst = 0;
    for (const fr of frames) {
      const s = jobs[fr.job].snapshot, cam = fr.camera;
      const focalPx = focalPixels(cam.fovy, cam.height * this.#factor);
      // Bucket geoms by atlas mesh so each mesh is one instanced draw.
      const buckets = new Map<number, number[]>();
      for (let g = 0; g < s.geomCount; g++) {
        if (s.geomRgba[4 * g + 3] === 0) continue;
        geomShape(s.geomType[g], s.geomSize, g, shape);
        let mesh = pickMesh(shape, viewDepth(cam, s.geomPos, g), focalPx);
        if (mesh === -1) mesh = s.geomMesh[g] >= 0 ? this.#atlas.idOf(s.meshes[s.geomMesh[g]]) : -2;
        if (mesh < 0) continue;
        let b = buckets.get(mesh);
        if (!b) buckets.set(mesh, b = []);
        b.push(g);
      }
      const frameDraws: Draw[] = [];
      for (const [mesh, list] of buckets) {
        frameDraws.push({ mesh, first: inst, count: list.length });
        for (const g of list) {
          geomShape(s.geomType[g], s.geomSize, g, shape);
          writeInstance(data, inst++ * GEOM_FLOATS, s, g, shape);
        }
      }
      draws.push(frameDraws);
    }
    const lightStart: number[] = [];
    let li = 0;
    for (const { snapshot: s } of jobs) {
      lightStart.push((lightBase + li * LIGHT_FLOATS) / 4);
      for (const L of s.lights) {
        const o = lightBase + li++ * LIGHT_FLOATS;
        data.set(L.pos, o), data[o + 3] = L.directional ? 1 : 0;
        data.set(L.dir, o + 4), data.set(L.diffuse, o + 8);
      }
    }
    this.#write("data", data, GPUBufferUsage.STORAGE);
    this.#dataBytes = data.byteLength;
    return { draws, lightStart };
  }

  /** Writes one uniform block per frame (camera, projection, ambient, lights) and layer params. */
  #uploadPasses(jobs: readonly RenderJob[], frames: Frame[], lightStart: number[]): void {
    const buf = new ArrayBuffer(frames.length * PASS_UNIFORM_BYTES);
    const fl = new Float32Array(buf), u = new Uint32Array(buf);
    const layers = new Uint32Array(frames.length * 4);
    frames.forEach((fr, i) => {
      const o = i * PASS_FLOATS, cam = fr.camera, m = cam.mat;
      const s = jobs[fr.job].snapshot;
      fl.set(cam.pos, o);
      fl[o + 4] = m[0], fl[o + 5] = m[3], fl[o + 6] = m[6];
      fl[o + 8] = m[1], fl[o + 9] = m[4], fl[o + 10] = m[7];
      fl[o + 12] = m[2], fl[o + 13] = m[5], fl[o + 14] = m[8];
      const tanY = Math.tan((cam.fovy * Math.PI) / 360);
      fl[o + 16] = cam.height / (cam.width * tanY), fl[o + 17] = 1 / tanY;
      fl[o + 18] = NEAR_PLANE, fl[o + 19] = FAR_PLANE;
      fl.set(s.ambient, o + 20);
      u[o + 24] = lightStart[fr.job], u[o + 25] = Math.min(s.lights.length, MAX_LIGHTS);
      layers.set([cam.width, cam.height, this.#factor, fr.offset / 4], 4 * i);
    });
    this.#write("passes", fl, GPUBufferUsage.UNIFORM);
    this.#write("layers", layers, GPUBufferUsage.STORAGE);
  }

  #write(
    name: string,
    data: Float32Array<ArrayBuffer> | Uint32Array<ArrayBuffer>,
    usage: number,
  ): void {
    const buf = this.#buffer(name, data.byteLength, usage | GPUBufferUsage.COPY_DST);
    this.#device.queue.writeBuffer(buf, 0, data);
  }

  /** A cached buffer of at least `size` bytes (regrown to the next power of two). */
  #buffer(name: string, size: number, usage: number): GPUBuffer {
    let b = this.#buffers.get(name);
    if (!b || b.size < size) {
      b?.destroy();
      const rounded = Math.max(256, 2 ** Math.ceil(Math.log2(size)));
      b = this.#device.createBuffer({ size: rounded, usage });
      this.#buffers.set(name, b);
    }
    return b;
  }

  /** Makes the colour textures at least `w x h x layers`, and at least `chunks` of them. */
  #ensureTextures(w: number, h: number, layers: number): void {
    const cur = this.#colorSize;
    if (cur.w < w || cur.h < h || cur.layers < layers) {
      for (const t of this.#colorTextures) t.destroy();
      this.#depth?.destroy();
      this.#colorSize = {
        w: Math.max(w, cur.w),
        h: Math.max(h, cur.h),
        layers: Math.max(layers, cur.layers),
      };
      this.#colorTextures = [];
      this.#layerViews = [];
      this.#depth = this.#device.createTexture({
        size: [this.#colorSize.w, this.#colorSize.h],
        format: "depth32float",
        usage: GPUTextureUsage.RENDER_ATTACHMENT,
      });
      this.#depthView = this.#depth.createView();
    }
  }

  #ensureChunks(chunks: number): void {
    while (this.#colorTextures.length < chunks) {
      const tex = this.#colorTexture();
      this.#colorTextures.push(tex);
      this.#layerViews.push(
        Array.from(
          { length: this.#colorSize.layers },
          (_, k) => tex.createView({ dimension: "2d", baseArrayLayer: k, arrayLayerCount: 1 }),
        ),
      );
    }
  }

  #colorTexture(): GPUTexture {
    const { w, h, layers } = this.#colorSize;
    return this.#device.createTexture({
      size: [w, h, layers],
      format: "rgba8unorm",
      usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.TEXTURE_BINDING,
    });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const b of this.#buffers.values()) b.destroy();
    for (const t of this.#colorTextures) t.destroy();
    this.#depth?.destroy();
    this.#atlas.destroy();
    this.#resolve.destroy();
    this.#device.destroy();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

/** Writes geom `g` of `s` as one instance: pos + zshift, matrix rows, scale, rgba. */
function writeInstance(
  data: Float32Array,
  o: number,
  s: SceneSnapshot,
  g: number,
  shape: GeomShape,
) {
  const M = s.geomMat;
  data[o] = s.geomPos[3 * g], data[o + 1] = s.geomPos[3 * g + 1];
  data[o + 2] = s.geomPos[3 * g + 2], data[o + 3] = shape.zshift;
  for (let r = 0; r < 3; r++) {
    data[o + 4 + 4 * r] = M[9 * g + 3 * r];
    data[o + 5 + 4 * r] = M[9 * g + 3 * r + 1];
    data[o + 6 + 4 * r] = M[9 * g + 3 * r + 2];
  }
  data[o + 16] = shape.sx, data[o + 17] = shape.sy, data[o + 18] = shape.sz;
  for (let k = 0; k < 4; k++) data[o + 20 + k] = s.geomRgba[4 * g + k];
}

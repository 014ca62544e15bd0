/**
 * Camera images of scene snapshots: one {@link Renderer} interface with a CPU rasterizer
 * (`cpu/`) and a batched WebGPU backend (`webgpu/`, the only code touching `navigator.gpu`),
 * plus PNG/GIF encoding and a frame recorder. Consumes `core`'s `SceneSnapshot` and
 * `CameraSpec`; never imports `sim/`.
 *
 * Both backends draw the same triangles (unit meshes from `tessellate.ts`, built once; round
 * ones at the level of detail their projected size needs) with the same per-vertex lighting,
 * `clamp(rgb * (ambient + sum diffuse * max(0, n.L)), 0, 1)` over the first 8 lights,
 * perspective-correct colour, a z-buffer, back faces culled and the near plane at 1 cm; so
 * their images agree to a fraction of a level (tested bound: mean 3/255 per channel).
 * Geoms with alpha 0 are skipped, other alphas are drawn opaque; height fields are skipped.
 * Snapshot meshes are cached by `MeshData` object: the producer should reuse the same objects
 * between snapshots. Images are row 0 at the top, `width * height * 3` bytes.
 *
 * WebGPU pays about 11 ms per readback, so it renders a whole batch (many snapshots and
 * cameras) in one submit and reads it back once, and it keeps up to `maxInFlight` batches
 * (default 4) in flight, each with its own textures and buffers: while one waits for its
 * readback, the next ones are encoded and submitted, so callers that keep several calls
 * going (concurrent episodes, executor workers) are not bound by the latency. Calls made in
 * one tick share a batch (up to `maxBatchFrames` frames, default 64); calls made while every
 * slot is busy merge into the next batch. A lone `render()` of one frame is slower than the
 * CPU. `createRenderer({ backend: "auto" })` uses WebGPU only on a hardware adapter: a
 * software adapter (lavapipe) is slower than the CPU backend and is used only when asked for.
 *
 * @module
 */
export {
  DEFAULT_BACKGROUND,
  type Renderer,
  type RendererBackend,
  type RenderJob,
  type RenderOptions,
  type WebGpuOptions,
} from "./types.ts";
export { createRenderer, type CreateRendererOptions } from "./create.ts";
export {
  CpuRasterizer,
  CpuRenderer,
  downsample2x,
  renderSegmentation,
} from "./cpu/cpu_renderer.ts";
export {
  type AdapterKind,
  classifyAdapter,
  describeGpu,
  hasGpu,
  probeWebGpu,
  type WebGpuProbe,
} from "./webgpu/adapter.ts";
export { decodePng, encodeGif, encodePng, type GifOptions, type RgbImage } from "./image.ts";
export { meanAbsDiff, rmsDiff } from "./compare.ts";
export { FrameRecorder, type FrameRecorderOptions } from "./record.ts";
export { type CameraSpecOptions, cameraSpecs } from "./cameras.ts";

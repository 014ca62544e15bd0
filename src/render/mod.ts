/**
 * Camera images of scene snapshots: one {@link Renderer} interface with a CPU rasterizer
 * (`cpu/`) and a batched WebGPU backend (`webgpu/`, the only code touching `navigator.gpu`),
 * plus PNG/GIF encoding. Consumes `core`'s `SceneSnapshot` and `CameraSpec`; never imports
 * `sim/`.
 *
 * @module
 */
export {
  DEFAULT_BACKGROUND,
  type Renderer,
  type RendererBackend,
  type RenderJob,
  type RenderOptions,
} from "./types.ts";
export { createRenderer, type CreateRendererOptions } from "./create.ts";
export {
  CpuRasterizer,
  CpuRenderer,
  downsample2x,
  renderSegmentation,
} from "./cpu/cpu_renderer.ts";
export { hasGpu } from "./webgpu/adapter.ts";
export { decodePng, encodeGif, encodePng, type GifOptions, type RgbImage } from "./image.ts";
export { meanAbsDiff, rmsDiff } from "./compare.ts";

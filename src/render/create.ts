/** `createRenderer`: picks and builds a backend. */
import { DependencyError } from "../errors/mod.ts";
import { CpuRenderer } from "./cpu/cpu_renderer.ts";
import type { Renderer, RendererBackend, RenderOptions, WebGpuOptions } from "./types.ts";
import { isSoftwareAdapter, requestAdapter } from "./webgpu/adapter.ts";
import { WebGpuRenderer } from "./webgpu/webgpu_renderer.ts";

/** Options of {@link createRenderer}. */
export interface CreateRendererOptions extends RenderOptions, WebGpuOptions {
  /**
   * Backend: `auto` uses WebGPU when a hardware adapter exists, else the CPU (a software
   * adapter such as lavapipe renders slower than the CPU backend, so only `webgpu` uses it).
   * @default {"auto"}
   */
  backend?: RendererBackend;
}

/**
 * Creates a renderer.
 *
 * @throws {DependencyError} when `backend` is `webgpu` and no WebGPU adapter exists.
 * @example Render the corner camera on the CPU
 * ```ts
 * import { createRenderer } from "./mod.ts";
 * import { cornerCamera, taskScene } from "./testdata/scenes.ts";
 * using renderer = await createRenderer({ backend: "cpu" });
 * const [rgb] = await renderer.render(taskScene(), [cornerCamera()]);
 * if (rgb.length !== 84 * 84 * 3) throw new Error("unexpected size");
 * ```
 */
export async function createRenderer(options: CreateRendererOptions = {}): Promise<Renderer> {
  const backend = options.backend ?? "auto";
  if (backend === "cpu") return new CpuRenderer(options);
  const adapter = await requestAdapter();
  if (backend === "auto" && (!adapter || isSoftwareAdapter(adapter))) {
    return new CpuRenderer(options);
  }
  if (!adapter) {
    throw new DependencyError(
      'Cannot create the "webgpu" renderer: no WebGPU adapter found (it needs a GPU or a ' +
        "Vulkan driver such as lavapipe from mesa-vulkan-drivers, and --unstable-webgpu)",
    );
  }
  // A fresh adapter per device (WebGPU consumes an adapter when it creates a device).
  return await WebGpuRenderer.create((await requestAdapter(true)) ?? adapter, options);
}

/** `createRenderer`: picks and builds a backend. */
import { DependencyError } from "../errors/mod.ts";
import type { Logger } from "../log/mod.ts";
import { CpuRenderer } from "./cpu/cpu_renderer.ts";
import type { Renderer, RendererBackend, RenderOptions, WebGpuOptions } from "./types.ts";
import { probeWebGpu, requestAdapter } from "./webgpu/adapter.ts";
import { WebGpuRenderer } from "./webgpu/webgpu_renderer.ts";

/** Options of {@link createRenderer}. */
export interface CreateRendererOptions extends RenderOptions, WebGpuOptions {
  /**
   * Backend: `auto` uses WebGPU when a hardware adapter exists, else the CPU (a software
   * adapter such as lavapipe renders slower than the CPU backend, so only `webgpu` uses it;
   * an OpenGL adapter gives black frames and is never used).
   * @default {"auto"}
   */
  backend?: RendererBackend;
  /** Where `auto` logs its choice and the reason (one info line). */
  log?: Logger;
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
  const probe = await probeWebGpu();
  if (backend === "auto") {
    options.log?.info(`Renderer: ${probe.auto}`, {
      renderer: probe.auto,
      adapter: probe.adapter,
      kind: probe.kind,
      reason: probe.reason,
    });
    if (probe.auto === "cpu") return new CpuRenderer(options);
  }
  if (!probe.correct) {
    throw new DependencyError(`Cannot create the "webgpu" renderer: ${probe.reason}`);
  }
  // A fresh adapter per device (WebGPU consumes an adapter when it creates a device).
  const adapter = (await requestAdapter(true)) ?? (await requestAdapter());
  return await WebGpuRenderer.create(adapter!, options);
}

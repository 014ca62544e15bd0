/**
 * Which wgpu backends Deno's WebGPU may use. Deno reads `DENO_WEBGPU_BACKEND` when the first
 * adapter is requested; without it wgpu also starts its OpenGL (EGL) backend. Kinitro leaves
 * GL out by default: on Mesa the GL adapter renders black frames, and initialising EGL in
 * several threads of one process (executor workers, parallel tests) corrupted the heap at exit
 * (glibc "corrupted size vs. prev_size", SIGABRT/SIGSEGV after the results were saved).
 */

/** The default backend list: every native backend except OpenGL. */
export const DEFAULT_WEBGPU_BACKENDS = "vulkan,metal,dx12";

/** The backends in force and where they came from. */
export interface WebGpuBackends {
  /** Comma-separated wgpu backend names, as in `DENO_WEBGPU_BACKEND`. */
  backends: string;
  /** `env` when the user set `DENO_WEBGPU_BACKEND`, else `default`. */
  source: "env" | "default";
}

let chosen: WebGpuBackends | undefined;

/**
 * Sets `DENO_WEBGPU_BACKEND` to {@link DEFAULT_WEBGPU_BACKENDS} unless the user set it; call
 * before the first `navigator.gpu.requestAdapter()` of the process (it is process-wide, so
 * Workers started later inherit it). Without env permission it changes nothing.
 */
export function useWebGpuBackends(): WebGpuBackends {
  if (chosen) return chosen;
  try {
    const set = Deno.env.get("DENO_WEBGPU_BACKEND")?.trim();
    if (set) {
      chosen = { backends: set.toLowerCase(), source: "env" };
    } else {
      Deno.env.set("DENO_WEBGPU_BACKEND", DEFAULT_WEBGPU_BACKENDS);
      chosen = { backends: DEFAULT_WEBGPU_BACKENDS, source: "default" };
    }
  } catch {
    // No --allow-env: wgpu keeps its own default (every backend).
    chosen = { backends: "all", source: "default" };
  }
  return chosen;
}

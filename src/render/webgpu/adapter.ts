/**
 * WebGPU adapter discovery and the honest choice of backend: the only place besides the WebGPU
 * renderer that reads `navigator.gpu`.
 */
import { useWebGpuBackends } from "../../config/mod.ts";

let cached: Promise<GPUAdapter | null> | undefined;

async function findAdapter(): Promise<GPUAdapter | null> {
  // Before the first request: keeps wgpu's GL backend out (see config/webgpu.ts).
  useWebGpuBackends();
  const gpu = (globalThis.navigator as { gpu?: GPU } | undefined)?.gpu;
  if (!gpu) return null;
  try {
    return await gpu.requestAdapter({ powerPreference: "high-performance" });
  } catch {
    return null;
  }
}

/**
 * The default adapter, or null when WebGPU is unavailable (no `--unstable-webgpu`, no driver).
 * With `fresh`, asks again: a device must come from an adapter no other device came from.
 */
export function requestAdapter(fresh = false): Promise<GPUAdapter | null> {
  if (fresh) return findAdapter();
  cached ??= findAdapter();
  return cached;
}

/** Kind of adapter, as {@link probeWebGpu} classifies it. */
export type AdapterKind = "hardware" | "software" | "gl" | "none";

/** What {@link probeWebGpu} found and what `backend: "auto"` does with it. */
export interface WebGpuProbe {
  kind: AdapterKind;
  /** Adapter name (driver description), or null without one. */
  adapter: string | null;
  /** wgpu backends allowed in this process (`DENO_WEBGPU_BACKEND`). */
  backends: string;
  /** Whether the WebGPU renderer gives correct frames on this adapter (tests run on it). */
  correct: boolean;
  /** What `createRenderer({ backend: "auto" })` uses. */
  auto: "webgpu" | "cpu";
  /** One sentence: why. */
  reason: string;
}

/** Whether `adapter` is a software fallback (lavapipe/llvmpipe, SwiftShader, WARP). */
export function isSoftwareAdapter(adapter: GPUAdapter): boolean {
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  return info.isFallbackAdapter === true ||
    /llvmpipe|lavapipe|softpipe|swiftshader|basic render driver/i.test(info.description);
}

/**
 * Classifies an adapter. Deno does not say which wgpu backend an adapter came from, so an
 * adapter counts as OpenGL when GL is the only backend allowed (`DENO_WEBGPU_BACKEND=gl`):
 * Kinitro's pipelines give black frames there, so it is never used.
 */
export function classifyAdapter(adapter: GPUAdapter | null, backends: string): WebGpuProbe {
  if (!adapter) {
    return {
      kind: "none",
      adapter: null,
      backends,
      correct: false,
      auto: "cpu",
      reason: `no WebGPU adapter on the ${backends} backend(s) (needs --unstable-webgpu and a ` +
        "GPU driver, or lavapipe from mesa-vulkan-drivers; OpenGL is not used): CPU renderer",
    };
  }
  const { description, vendor, architecture } = adapter.info;
  const name = description || vendor || architecture || "unknown adapter";
  const onlyGl = backends.split(",").every((b) => b.trim() === "gl");
  if (onlyGl) {
    return {
      kind: "gl",
      adapter: name,
      backends,
      correct: false,
      auto: "cpu",
      reason: `${name} is an OpenGL adapter (DENO_WEBGPU_BACKEND=${backends}), where the ` +
        "WebGPU renderer gives black frames: CPU renderer",
    };
  }
  if (isSoftwareAdapter(adapter)) {
    return {
      kind: "software",
      adapter: name,
      backends,
      correct: true,
      auto: "cpu",
      reason: `${name} is a software adapter: correct but slower than the CPU renderer, so ` +
        '"auto" uses the CPU (--renderer webgpu uses it)',
    };
  }
  return {
    kind: "hardware",
    adapter: name,
    backends,
    correct: true,
    auto: "webgpu",
    reason: `${name} is a hardware adapter: WebGPU renderer`,
  };
}

/** Finds the default adapter and says what the renderer does with it. */
export async function probeWebGpu(): Promise<WebGpuProbe> {
  const adapter = await requestAdapter();
  return classifyAdapter(adapter, useWebGpuBackends().backends);
}

/**
 * Whether an adapter exists that renders correctly (tests use `ignore: !(await hasGpu())`
 * and print {@link probeWebGpu}'s reason when they skip).
 */
export async function hasGpu(): Promise<boolean> {
  return (await probeWebGpu()).correct;
}

/** A one-line description of the adapter (for logs and benches), or null when there is none. */
export async function describeGpu(): Promise<string | null> {
  const probe = await probeWebGpu();
  return probe.adapter === null ? null : `${probe.adapter} (${probe.kind})`;
}

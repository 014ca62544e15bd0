/** WebGPU adapter discovery: the only place besides the WebGPU renderer that reads `navigator.gpu`. */

let cached: Promise<GPUAdapter | null> | undefined;

async function findAdapter(): Promise<GPUAdapter | null> {
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

/** Whether a WebGPU adapter exists (tests use `ignore: !(await hasGpu())`). */
export async function hasGpu(): Promise<boolean> {
  return (await requestAdapter()) !== null;
}

/** Whether `adapter` is a software fallback (lavapipe/llvmpipe, SwiftShader). */
export function isSoftwareAdapter(adapter: GPUAdapter): boolean {
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  return info.isFallbackAdapter === true || /llvmpipe|lavapipe|swiftshader/i.test(info.description);
}

/** A one-line description of the adapter (for logs and benches), or null when there is none. */
export async function describeGpu(): Promise<string | null> {
  const adapter = await requestAdapter();
  if (!adapter) return null;
  const { description, vendor, architecture } = adapter.info;
  const kind = isSoftwareAdapter(adapter) ? "software" : "hardware";
  return `${description || vendor || architecture || "unknown adapter"} (${kind})`;
}

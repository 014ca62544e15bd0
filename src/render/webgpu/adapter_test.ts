import assert from "node:assert/strict";
import { classifyAdapter } from "./adapter.ts";

function fakeAdapter(description: string, isFallbackAdapter = false): GPUAdapter {
  return {
    info: { description, vendor: "", architecture: "", isFallbackAdapter },
  } as unknown as GPUAdapter;
}

Deno.test("classifyAdapter(): a hardware adapter renders with WebGPU", () => {
  const p = classifyAdapter(fakeAdapter("NVIDIA H200"), "vulkan,metal,dx12");
  assert.deepEqual([p.kind, p.auto, p.correct], ["hardware", "webgpu", true]);
});

Deno.test("classifyAdapter(): lavapipe is correct but auto uses the CPU", () => {
  const p = classifyAdapter(fakeAdapter("llvmpipe (LLVM 15.0.6, 256 bits)", true), "vulkan");
  assert.deepEqual([p.kind, p.auto, p.correct], ["software", "cpu", true]);
  assert.match(p.reason, /software adapter/);
});

Deno.test("classifyAdapter(): an OpenGL-only adapter is never used (black frames)", () => {
  const p = classifyAdapter(fakeAdapter("llvmpipe (LLVM 15.0.6, 256 bits)", true), "gl");
  assert.deepEqual([p.kind, p.auto, p.correct], ["gl", "cpu", false]);
  assert.match(p.reason, /OpenGL/);
});

Deno.test("classifyAdapter(): no adapter names the backends and the CPU fallback", () => {
  const p = classifyAdapter(null, "vulkan,metal,dx12");
  assert.deepEqual([p.kind, p.auto, p.correct], ["none", "cpu", false]);
  assert.match(p.reason, /vulkan,metal,dx12.*CPU renderer/);
});

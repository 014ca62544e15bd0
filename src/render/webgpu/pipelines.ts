/** Pipelines and bind group layouts of the WebGPU backend. */
import { PASS_UNIFORM_BYTES } from "./shaders.ts";
import { VERTEX_FLOATS } from "../tessellate.ts";

/** Layout of the scene pass: geoms + lights (storage) and the per-frame uniform (dynamic). */
export function buildSceneBindGroupLayout(device: GPUDevice): GPUBindGroupLayout {
  return device.createBindGroupLayout({
    entries: [
      { binding: 0, visibility: GPUShaderStage.VERTEX, buffer: { type: "read-only-storage" } },
      {
        binding: 1,
        visibility: GPUShaderStage.VERTEX,
        buffer: { type: "uniform", hasDynamicOffset: true, minBindingSize: 112 },
      },
    ],
  });
}

/** The scene pipeline: back faces culled (counter-clockwise is front), depth test `less`. */
export function buildScenePipeline(
  device: GPUDevice,
  layout: GPUBindGroupLayout,
  code: string,
): GPURenderPipeline {
  const module = device.createShaderModule({ code });
  return device.createRenderPipeline({
    layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
    vertex: {
      module,
      entryPoint: "vs",
      buffers: [{
        arrayStride: VERTEX_FLOATS * 4,
        attributes: [
          { shaderLocation: 0, offset: 0, format: "float32x4" },
          { shaderLocation: 1, offset: 16, format: "float32x3" },
        ],
      }],
    },
    fragment: { module, entryPoint: "fs", targets: [{ format: "rgba8unorm" }] },
    primitive: { topology: "triangle-list", cullMode: "back", frontFace: "ccw" },
    depthStencil: { format: "depth32float", depthWriteEnabled: true, depthCompare: "less" },
  });
}

/** What {@link ResolveStage.encode} resolves: `layerCount` layers of one colour texture. */
export interface ResolveInput {
  texture: GPUTexture;
  layers: GPUBuffer;
  out: GPUBuffer;
  /** Bytes of `out` in use (the binding size). */
  outBytes: number;
  /** Chunk index (selects the base-layer uniform slot). */
  chunk: number;
  /** Index of the texture's layer 0 in the batch's layer table. */
  baseLayer: number;
  layerCount: number;
  /** Largest `width x height` of the batch. */
  maxPixels: number;
}

/** The downsample-and-pack compute pass. */
export class ResolveStage {
  #device: GPUDevice;
  #layout: GPUBindGroupLayout;
  #pipeline: GPUComputePipeline;
  #base: GPUBuffer | null = null;
  #baseSlots = 0;

  constructor(device: GPUDevice, code: string) {
    this.#device = device;
    this.#layout = device.createBindGroupLayout({
      entries: [
        {
          binding: 0,
          visibility: GPUShaderStage.COMPUTE,
          texture: { sampleType: "float", viewDimension: "2d-array" },
        },
        { binding: 1, visibility: GPUShaderStage.COMPUTE, buffer: { type: "read-only-storage" } },
        { binding: 2, visibility: GPUShaderStage.COMPUTE, buffer: { type: "storage" } },
        {
          binding: 3,
          visibility: GPUShaderStage.COMPUTE,
          buffer: { type: "uniform", hasDynamicOffset: true, minBindingSize: 16 },
        },
      ],
    });
    this.#pipeline = device.createComputePipeline({
      layout: device.createPipelineLayout({ bindGroupLayouts: [this.#layout] }),
      compute: { module: device.createShaderModule({ code }), entryPoint: "main" },
    });
  }

  encode(enc: GPUCommandEncoder, input: ResolveInput): void {
    this.#ensureBase(input.chunk + 1);
    this.#device.queue.writeBuffer(
      this.#base!,
      input.chunk * PASS_UNIFORM_BYTES,
      new Uint32Array([input.baseLayer, 0, 0, 0]),
    );
    const group = this.#device.createBindGroup({
      layout: this.#layout,
      entries: [
        { binding: 0, resource: input.texture.createView({ dimension: "2d-array" }) },
        { binding: 1, resource: { buffer: input.layers } },
        { binding: 2, resource: { buffer: input.out, size: input.outBytes } },
        { binding: 3, resource: { buffer: this.#base!, size: 16 } },
      ],
    });
    const pass = enc.beginComputePass();
    pass.setPipeline(this.#pipeline);
    pass.setBindGroup(0, group, [input.chunk * PASS_UNIFORM_BYTES]);
    pass.dispatchWorkgroups(Math.ceil(input.maxPixels / 4 / 64), 1, input.layerCount);
    pass.end();
  }

  #ensureBase(slots: number): void {
    if (this.#baseSlots >= slots) return;
    this.#base?.destroy();
    this.#baseSlots = Math.max(slots, 2 * this.#baseSlots, 4);
    this.#base = this.#device.createBuffer({
      size: this.#baseSlots * PASS_UNIFORM_BYTES,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
  }

  destroy(): void {
    this.#base?.destroy();
  }
}

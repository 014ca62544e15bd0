/**
 * The GPU resources of one batch in flight: scene/uniform/layer input buffers, colour array
 * textures (one 2D view per layer), a depth texture, the packed output buffer and the mappable
 * staging buffer. A renderer keeps one slot per batch it lets run at once; a slot is reused by
 * later batches and grows (never shrinks) to fit them.
 */

/** Resources of one in-flight batch; create with `new FrameSlot(device)`. */
export class FrameSlot {
  #device: GPUDevice;
  #buffers = new Map<string, GPUBuffer>();
  #size = { w: 0, h: 0, layers: 0 };
  #depth: GPUTexture | null = null;
  /** Colour textures, `layers` layers each. */
  colorTextures: GPUTexture[] = [];
  /** Per colour texture, one 2D view per layer. */
  layerViews: GPUTextureView[][] = [];
  depthView: GPUTextureView | null = null;

  constructor(device: GPUDevice) {
    this.#device = device;
  }

  /** Layers per colour texture. */
  get layers(): number {
    return this.#size.layers;
  }

  /** The slot's buffer `name`, created at first use. */
  get(name: string): GPUBuffer {
    const b = this.#buffers.get(name);
    if (!b) throw new Error(`Cannot use buffer "${name}": the slot has not created it`);
    return b;
  }

  /** Uploads `data` to buffer `name` (grown as needed) through the queue. */
  write(
    name: string,
    data: Float32Array<ArrayBuffer> | Uint32Array<ArrayBuffer>,
    usage: number,
  ): void {
    const buf = this.buffer(name, data.byteLength, usage | GPUBufferUsage.COPY_DST);
    this.#device.queue.writeBuffer(buf, 0, data);
  }

  /** A cached buffer of at least `size` bytes (regrown to the next power of two). */
  buffer(name: string, size: number, usage: number): GPUBuffer {
    let b = this.#buffers.get(name);
    if (!b || b.size < size) {
      b?.destroy();
      const rounded = Math.max(256, 2 ** Math.ceil(Math.log2(size)));
      b = this.#device.createBuffer({ size: rounded, usage });
      this.#buffers.set(name, b);
    }
    return b;
  }

  /**
   * Makes the colour textures at least `w x h x layers`, and enough of them for `frames`
   * layers in all.
   */
  ensureTextures(w: number, h: number, layers: number, frames: number): void {
    const cur = this.#size;
    if (cur.w < w || cur.h < h || cur.layers < layers) {
      for (const t of this.colorTextures) t.destroy();
      this.#depth?.destroy();
      this.#size = {
        w: Math.max(w, cur.w),
        h: Math.max(h, cur.h),
        layers: Math.max(layers, cur.layers),
      };
      this.colorTextures = [];
      this.layerViews = [];
      this.#depth = this.#device.createTexture({
        size: [this.#size.w, this.#size.h],
        format: "depth32float",
        usage: GPUTextureUsage.RENDER_ATTACHMENT,
      });
      this.depthView = this.#depth.createView();
    }
    const needed = Math.ceil(frames / this.#size.layers);
    while (this.colorTextures.length < needed) {
      const { w, h, layers } = this.#size;
      const tex = this.#device.createTexture({
        size: [w, h, layers],
        format: "rgba8unorm",
        usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.TEXTURE_BINDING,
      });
      this.colorTextures.push(tex);
      this.layerViews.push(
        Array.from(
          { length: layers },
          (_, k) => tex.createView({ dimension: "2d", baseArrayLayer: k, arrayLayerCount: 1 }),
        ),
      );
    }
  }

  /** Frees every buffer and texture of the slot. */
  destroy(): void {
    for (const b of this.#buffers.values()) b.destroy();
    this.#buffers.clear();
    for (const t of this.colorTextures) t.destroy();
    this.colorTextures = [];
    this.layerViews = [];
    this.#depth?.destroy();
    this.#depth = null;
    this.depthView = null;
  }
}

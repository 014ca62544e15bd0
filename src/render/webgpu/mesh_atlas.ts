/**
 * All unit meshes (built-in primitives and snapshot meshes) in one vertex and one index buffer,
 * so a batch binds geometry once and draws ranges of it.
 */
import type { MeshData } from "../../core/mod.ts";
import { meshFromData, type UnitMesh, unitMeshList, VERTEX_FLOATS } from "../tessellate.ts";

/** Where one mesh lies in the atlas buffers. */
export interface AtlasEntry {
  firstIndex: number;
  indexCount: number;
  baseVertex: number;
}

export class MeshAtlas {
  #device: GPUDevice;
  #vertices: number[] = [];
  #indices: number[] = [];
  #entries: AtlasEntry[] = [];
  #meshIds = new WeakMap<MeshData, number>();
  #dirty = true;
  vertexBuffer: GPUBuffer | null = null;
  indexBuffer: GPUBuffer | null = null;

  constructor(device: GPUDevice) {
    this.#device = device;
    for (const m of unitMeshList()) this.#add(m);
  }

  /** Atlas id of built-in unit mesh `unit` (ids equal `UnitMeshId`). */
  entry(id: number): AtlasEntry {
    return this.#entries[id];
  }

  /** Atlas id of a snapshot mesh, added on first use (keyed by the `MeshData` object). */
  idOf(mesh: MeshData): number {
    let id = this.#meshIds.get(mesh);
    if (id === undefined) {
      id = this.#add(meshFromData(mesh));
      this.#meshIds.set(mesh, id);
    }
    return id;
  }

  #add(m: UnitMesh): number {
    const baseVertex = this.#vertices.length / VERTEX_FLOATS;
    for (let i = 0; i < m.vertices.length; i++) this.#vertices.push(m.vertices[i]);
    const firstIndex = this.#indices.length;
    for (let i = 0; i < m.indices.length; i++) this.#indices.push(m.indices[i]);
    this.#entries.push({ firstIndex, indexCount: m.indices.length, baseVertex });
    this.#dirty = true;
    return this.#entries.length - 1;
  }

  /** Uploads the buffers if meshes were added since the last upload. */
  upload(): void {
    if (!this.#dirty) return;
    this.vertexBuffer?.destroy();
    this.indexBuffer?.destroy();
    const v = new Float32Array(this.#vertices);
    const i = new Uint32Array(this.#indices);
    this.vertexBuffer = this.#device.createBuffer({
      size: v.byteLength,
      usage: GPUBufferUsage.VERTEX | GPUBufferUsage.COPY_DST,
    });
    this.indexBuffer = this.#device.createBuffer({
      size: i.byteLength,
      usage: GPUBufferUsage.INDEX | GPUBufferUsage.COPY_DST,
    });
    this.#device.queue.writeBuffer(this.vertexBuffer, 0, v);
    this.#device.queue.writeBuffer(this.indexBuffer, 0, i);
    this.#dirty = false;
  }

  destroy(): void {
    this.vertexBuffer?.destroy();
    this.indexBuffer?.destroy();
  }
}

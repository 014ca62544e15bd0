/**
 * Per-batch uploads of the WebGPU backend: geom instances (grouped into one instanced draw per
 * mesh and frame), lights, per-frame uniforms and the resolve stage's layer table, written
 * into a {@link FrameSlot}'s buffers.
 */
import type { CameraSpec, SceneSnapshot } from "../../core/mod.ts";
import { focalPixels, type GeomShape, geomShape, pickMesh, viewDepth } from "../tessellate.ts";
import { FAR_PLANE, MAX_LIGHTS, NEAR_PLANE, type RenderJob } from "../types.ts";
import type { FrameSlot } from "./frame_slot.ts";
import type { MeshAtlas } from "./mesh_atlas.ts";
import { GEOM_FLOATS, LIGHT_FLOATS, PASS_UNIFORM_BYTES } from "./shaders.ts";

const PASS_FLOATS = PASS_UNIFORM_BYTES / 4;

/** One draw: `count` instances of atlas mesh `mesh`, starting at instance `first`. */
export interface Draw {
  mesh: number;
  first: number;
  count: number;
}

/** A frame of the batch: which job and camera, and where its bytes land. */
export interface Frame {
  job: number;
  camera: CameraSpec;
  /** First byte in the output buffer. */
  offset: number;
}

/** What the uploads read from the renderer. */
export interface UploadContext {
  atlas: MeshAtlas;
  /** Supersampling factor (1 or 2). */
  factor: number;
  /** Scratch geom shape, reused between geoms. */
  shape: GeomShape;
}

/**
 * Writes geom instances per frame (grouped by mesh, with the level of detail picked for that
 * frame's camera, as the CPU backend picks it) and lights per job; returns the draws per frame.
 */
export function uploadScenes(
  ctx: UploadContext,
  slot: FrameSlot,
  jobs: readonly RenderJob[],
  frames: readonly Frame[],
): { draws: Draw[][]; lightStart: number[]; dataBytes: number } {
  let total = 0, lightTotal = 0;
  for (const fr of frames) total += jobs[fr.job].snapshot.geomCount;
  for (const j of jobs) lightTotal += j.snapshot.lights.length;
  // One storage array: geoms, then lights (lightStart counts vec4s from the start).
  const lightBase = total * GEOM_FLOATS;
  const data = new Float32Array(Math.max(4, total * GEOM_FLOATS + lightTotal * LIGHT_FLOATS));
  const draws: Draw[][] = [];
  const shape = ctx.shape;
  let inst = 0;
  for (const fr of frames) {
    const s = jobs[fr.job].snapshot, cam = fr.camera;
    const focalPx = focalPixels(cam.fovy, cam.height * ctx.factor);
    // Bucket geoms by atlas mesh so each mesh is one instanced draw.
    const buckets = new Map<number, number[]>();
    for (let g = 0; g < s.geomCount; g++) {
      if (s.geomRgba[4 * g + 3] === 0) continue;
      geomShape(s.geomType[g], s.geomSize, g, shape);
      let mesh = pickMesh(shape, viewDepth(cam, s.geomPos, g), focalPx);
      if (mesh === -1) mesh = s.geomMesh[g] >= 0 ? ctx.atlas.idOf(s.meshes[s.geomMesh[g]]) : -2;
      if (mesh < 0) continue;
      let b = buckets.get(mesh);
      if (!b) buckets.set(mesh, b = []);
      b.push(g);
    }
    const frameDraws: Draw[] = [];
    for (const [mesh, list] of buckets) {
      frameDraws.push({ mesh, first: inst, count: list.length });
      for (const g of list) {
        geomShape(s.geomType[g], s.geomSize, g, shape);
        writeInstance(data, inst++ * GEOM_FLOATS, s, g, shape);
      }
    }
    draws.push(frameDraws);
  }
  const lightStart: number[] = [];
  let li = 0;
  for (const { snapshot: s } of jobs) {
    lightStart.push((lightBase + li * LIGHT_FLOATS) / 4);
    for (const L of s.lights) {
      const o = lightBase + li++ * LIGHT_FLOATS;
      data.set(L.pos, o), data[o + 3] = L.directional ? 1 : 0;
      data.set(L.dir, o + 4), data.set(L.diffuse, o + 8);
    }
  }
  slot.write("data", data, GPUBufferUsage.STORAGE);
  return { draws, lightStart, dataBytes: data.byteLength };
}

/** Writes one uniform block per frame (camera, projection, ambient, lights) and layer params. */
export function uploadPasses(
  ctx: UploadContext,
  slot: FrameSlot,
  jobs: readonly RenderJob[],
  frames: Frame[],
  lightStart: number[],
): void {
  const buf = new ArrayBuffer(frames.length * PASS_UNIFORM_BYTES);
  const fl = new Float32Array(buf), u = new Uint32Array(buf);
  const layers = new Uint32Array(frames.length * 4);
  frames.forEach((fr, i) => {
    const o = i * PASS_FLOATS, cam = fr.camera, m = cam.mat;
    const s = jobs[fr.job].snapshot;
    fl.set(cam.pos, o);
    fl[o + 4] = m[0], fl[o + 5] = m[3], fl[o + 6] = m[6];
    fl[o + 8] = m[1], fl[o + 9] = m[4], fl[o + 10] = m[7];
    fl[o + 12] = m[2], fl[o + 13] = m[5], fl[o + 14] = m[8];
    const tanY = Math.tan((cam.fovy * Math.PI) / 360);
    fl[o + 16] = cam.height / (cam.width * tanY), fl[o + 17] = 1 / tanY;
    fl[o + 18] = NEAR_PLANE, fl[o + 19] = FAR_PLANE;
    fl.set(s.ambient, o + 20);
    u[o + 24] = lightStart[fr.job], u[o + 25] = Math.min(s.lights.length, MAX_LIGHTS);
    layers.set([cam.width, cam.height, ctx.factor, fr.offset / 4], 4 * i);
  });
  slot.write("passes", fl, GPUBufferUsage.UNIFORM);
  slot.write("layers", layers, GPUBufferUsage.STORAGE);
}

/** Writes geom `g` of `s` as one instance: pos + zshift, matrix rows, scale, rgba. */
function writeInstance(
  data: Float32Array,
  o: number,
  s: SceneSnapshot,
  g: number,
  shape: GeomShape,
) {
  const M = s.geomMat;
  data[o] = s.geomPos[3 * g], data[o + 1] = s.geomPos[3 * g + 1];
  data[o + 2] = s.geomPos[3 * g + 2], data[o + 3] = shape.zshift;
  for (let r = 0; r < 3; r++) {
    data[o + 4 + 4 * r] = M[9 * g + 3 * r];
    data[o + 5 + 4 * r] = M[9 * g + 3 * r + 1];
    data[o + 6 + 4 * r] = M[9 * g + 3 * r + 2];
  }
  data[o + 16] = shape.sx, data[o + 17] = shape.sy, data[o + 18] = shape.sz;
  for (let k = 0; k < 4; k++) data[o + 20 + k] = s.geomRgba[4 * g + k];
}

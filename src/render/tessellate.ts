/**
 * Unit meshes for MuJoCo primitives, built once and shared by both backends so that the CPU
 * and WebGPU images come from the same triangles.
 *
 * Every vertex has a unit position `a`, a cap sign `s` (capsules only) and a unit normal `n`.
 * A geom places vertex `a` at `pos + mat * (scale .* a + s * zshift * z_hat)` with normal
 * `normalize(mat * (n ./ scale))` (see {@link geomShape}), which covers every primitive with a
 * handful of unit meshes: ellipsoids are scaled spheres, capsules are spheres split at the
 * equator, cylinders and boxes scale their unit shape per axis.
 *
 * Round primitives come in levels of detail ({@link LOD_SLICES}); {@link pickMesh} picks the
 * coarsest level whose silhouette stays within half a pixel of the true curve, from the geom's
 * projected size. Both backends call it with the same numbers, so they draw the same triangles.
 */
import { type CameraPose, GeomType, type MeshData } from "../core/mod.ts";
import { NEAR_PLANE } from "./types.ts";

/** Floats per vertex in {@link UnitMesh.vertices}: a.xyz, s, n.xyz. */
export const VERTEX_FLOATS = 7;

/** A triangle mesh in the unit-vertex format, counter-clockwise seen from outside. */
export interface UnitMesh {
  /** `VERTEX_FLOATS` floats per vertex. */
  vertices: Float32Array;
  /** Three vertex indices per triangle. */
  indices: Uint32Array;
  /** Radius of a sphere around the origin containing every unit position. */
  radius: number;
}

/**
 * Slices around the axis of round primitives, per level of detail; spheres have half as many
 * stacks from pole to pole (even, so capsules split at the equator).
 */
export const LOD_SLICES: readonly number[] = [8, 12, 16, 24, 32];
/** Largest distance in pixels allowed between a tessellated silhouette and the true curve. */
export const LOD_MAX_ERROR_PX = 0.5;
/** Cells per side of a plane's grid (finer grids give point lights smoother shading). */
export const PLANE_CELLS = 8;
/** Half extent in metres drawn for an infinite plane (MuJoCo size 0). */
export const INFINITE_PLANE_HALF = 10;

class MeshBuilder {
  #v: number[] = [];
  #i: number[] = [];
  get count(): number {
    return this.#v.length / VERTEX_FLOATS;
  }
  vertex(a: number[], s: number, n: number[]): number {
    this.#v.push(a[0], a[1], a[2], s, n[0], n[1], n[2]);
    return this.count - 1;
  }
  tri(a: number, b: number, c: number): void {
    this.#i.push(a, b, c);
  }
  /** Quad a-b-c-d, counter-clockwise seen from outside. */
  quad(a: number, b: number, c: number, d: number): void {
    this.#i.push(a, b, c, a, c, d);
  }
  build(radius: number): UnitMesh {
    return {
      vertices: new Float32Array(this.#v),
      indices: new Uint32Array(this.#i),
      radius,
    };
  }
}

/** Rings of a UV sphere from the north pole (stack 0) to the south pole; `split` duplicates
 * the equator ring with cap sign -1 below it (capsules). */
function buildSphere(split: boolean, slices: number): UnitMesh {
  const stacks = slices / 2;
  const b = new MeshBuilder();
  const rings: number[][] = [];
  const half = stacks / 2;
  for (let st = 0; st <= stacks; st++) {
    const theta = (Math.PI * st) / stacks;
    const z = Math.cos(theta);
    const r = Math.sin(theta);
    const signs = split && st === half ? [1, -1] : [split ? (st < half ? 1 : -1) : 0];
    for (const s of signs) {
      const ring: number[] = [];
      const n = st === 0 || st === stacks ? 1 : slices;
      for (let sl = 0; sl < n; sl++) {
        const phi = (2 * Math.PI * sl) / slices;
        const p = n === 1 ? [0, 0, z] : [r * Math.cos(phi), r * Math.sin(phi), z];
        ring.push(b.vertex(p, s, p));
      }
      rings.push(ring);
    }
  }
  for (let k = 0; k + 1 < rings.length; k++) {
    const up = rings[k];
    const down = rings[k + 1];
    for (let sl = 0; sl < slices; sl++) {
      const sl1 = (sl + 1) % slices;
      if (up.length === 1) b.tri(up[0], down[sl], down[sl1]);
      else if (down.length === 1) b.tri(up[sl], down[0], up[sl1]);
      else b.quad(up[sl], down[sl], down[sl1], up[sl1]);
    }
  }
  return b.build(1);
}

function buildCylinder(slices: number): UnitMesh {
  const b = new MeshBuilder();
  const top: number[] = [];
  const bottom: number[] = [];
  const capTop: number[] = [];
  const capBottom: number[] = [];
  for (let sl = 0; sl < slices; sl++) {
    const phi = (2 * Math.PI * sl) / slices;
    const c = Math.cos(phi);
    const s = Math.sin(phi);
    top.push(b.vertex([c, s, 1], 0, [c, s, 0]));
    bottom.push(b.vertex([c, s, -1], 0, [c, s, 0]));
    capTop.push(b.vertex([c, s, 1], 0, [0, 0, 1]));
    capBottom.push(b.vertex([c, s, -1], 0, [0, 0, -1]));
  }
  const centreTop = b.vertex([0, 0, 1], 0, [0, 0, 1]);
  const centreBottom = b.vertex([0, 0, -1], 0, [0, 0, -1]);
  for (let sl = 0; sl < slices; sl++) {
    const sl1 = (sl + 1) % slices;
    b.quad(top[sl], bottom[sl], bottom[sl1], top[sl1]);
    b.tri(centreTop, capTop[sl], capTop[sl1]);
    b.tri(centreBottom, capBottom[sl1], capBottom[sl]);
  }
  return b.build(Math.SQRT2);
}

function buildBox(): UnitMesh {
  const b = new MeshBuilder();
  // For each axis and sign: the face normal, then two in-plane axes u, v with u x v = n.
  for (let axis = 0; axis < 3; axis++) {
    for (const sign of [1, -1]) {
      const n = [0, 0, 0];
      n[axis] = sign;
      const u = [0, 0, 0];
      const v = [0, 0, 0];
      u[(axis + 1) % 3] = sign;
      v[(axis + 2) % 3] = 1;
      const corner = (cu: number, cv: number) =>
        b.vertex(
          [
            n[0] + cu * u[0] + cv * v[0],
            n[1] + cu * u[1] + cv * v[1],
            n[2] + cu * u[2] + cv * v[2],
          ],
          0,
          n,
        );
      const c0 = corner(-1, -1);
      const c1 = corner(1, -1);
      const c2 = corner(1, 1);
      const c3 = corner(-1, 1);
      b.quad(c0, c1, c2, c3);
    }
  }
  return b.build(Math.sqrt(3));
}

function buildPlane(): UnitMesh {
  const b = new MeshBuilder();
  const n = PLANE_CELLS + 1;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      b.vertex([-1 + (2 * i) / PLANE_CELLS, -1 + (2 * j) / PLANE_CELLS, 0], 0, [0, 0, 1]);
    }
  }
  for (let j = 0; j < PLANE_CELLS; j++) {
    for (let i = 0; i < PLANE_CELLS; i++) {
      const k = j * n + i;
      b.quad(k, k + 1, k + 1 + n, k + n);
    }
  }
  return b.build(Math.SQRT2);
}

/** Flat-shaded copy of a MuJoCo mesh: each triangle gets its own three vertices. */
function buildFromMesh(mesh: MeshData): UnitMesh {
  const { vertices: p, faces } = mesh;
  const out = new Float32Array(faces.length * VERTEX_FLOATS);
  let radius = 0;
  for (let i = 0; i < p.length; i += 3) {
    radius = Math.max(radius, Math.hypot(p[i], p[i + 1], p[i + 2]));
  }
  for (let t = 0; t < faces.length; t += 3) {
    const a = faces[t] * 3, b = faces[t + 1] * 3, c = faces[t + 2] * 3;
    const e1x = p[b] - p[a], e1y = p[b + 1] - p[a + 1], e1z = p[b + 2] - p[a + 2];
    const e2x = p[c] - p[a], e2y = p[c + 1] - p[a + 1], e2z = p[c + 2] - p[a + 2];
    let nx = e1y * e2z - e1z * e2y, ny = e1z * e2x - e1x * e2z, nz = e1x * e2y - e1y * e2x;
    const len = Math.hypot(nx, ny, nz) || 1;
    nx /= len, ny /= len, nz /= len;
    for (let k = 0; k < 3; k++) {
      const src = faces[t + k] * 3;
      const dst = (t + k) * VERTEX_FLOATS;
      out[dst] = p[src];
      out[dst + 1] = p[src + 1];
      out[dst + 2] = p[src + 2];
      out[dst + 3] = 0;
      out[dst + 4] = nx;
      out[dst + 5] = ny;
      out[dst + 6] = nz;
    }
  }
  const indices = new Uint32Array(faces.length);
  for (let i = 0; i < indices.length; i++) indices[i] = i;
  return { vertices: out, indices, radius };
}

/** Kinds of built-in unit meshes; the first three are round and come in levels of detail. */
export const UnitMeshId = { sphere: 0, capsule: 1, cylinder: 2, box: 3, plane: 4 } as const;
const ROUND_KINDS = 3;
const LEVELS = LOD_SLICES.length;
/** Radius of the unit shape of each kind (for bounding spheres). */
const KIND_RADIUS = [1, 1, Math.SQRT2, Math.sqrt(3), Math.SQRT2];

let unitMeshes: UnitMesh[] | undefined;

/** Index in {@link unitMeshList} of kind `kind` at level `level` (0 for box and plane). */
export function meshIdOf(kind: number, level: number): number {
  return kind < ROUND_KINDS ? kind * LEVELS + level : ROUND_KINDS * LEVELS + kind - ROUND_KINDS;
}

/** Every built-in unit mesh, indexed by {@link meshIdOf}; built on first use. */
export function unitMeshList(): readonly UnitMesh[] {
  if (!unitMeshes) {
    const list: UnitMesh[] = [];
    for (const n of LOD_SLICES) list.push(buildSphere(false, n));
    for (const n of LOD_SLICES) list.push(buildSphere(true, n));
    for (const n of LOD_SLICES) list.push(buildCylinder(n));
    list.push(buildBox(), buildPlane());
    unitMeshes = list;
  }
  return unitMeshes;
}

/** The coarsest level of detail whose silhouette error stays under half a pixel. */
export function lodLevel(radiusPx: number): number {
  for (let level = 0; level < LEVELS - 1; level++) {
    if (radiusPx * (1 - Math.cos(Math.PI / LOD_SLICES[level])) <= LOD_MAX_ERROR_PX) return level;
  }
  return LEVELS - 1;
}

/** Radius of a sphere around the geom's centre containing the whole shape, in metres. */
export function boundRadius(shape: GeomShape, meshRadius: number): number {
  const unit = shape.unit >= 0 ? KIND_RADIUS[shape.unit] : meshRadius;
  return unit * Math.max(shape.sx, shape.sy, shape.sz) + Math.abs(shape.zshift);
}

/**
 * The built-in mesh to draw a geom with (a {@link unitMeshList} index), given the view depth of
 * its centre and the camera's focal length in pixels. Snapshot meshes and skipped geoms keep
 * their negative `unit`.
 */
export function pickMesh(shape: GeomShape, depth: number, focalPx: number): number {
  if (shape.unit < 0) return shape.unit;
  if (shape.unit >= ROUND_KINDS) return meshIdOf(shape.unit, 0);
  const near = depth - boundRadius(shape, 0);
  const radiusPx = near > NEAR_PLANE ? (shape.round * focalPx) / near : Infinity;
  return meshIdOf(shape.unit, lodLevel(radiusPx));
}

/** View depth (distance along the viewing direction) of world point `p[3i..3i+2]`. */
export function viewDepth(camera: CameraPose, p: ArrayLike<number>, i: number): number {
  const m = camera.mat;
  const dx = p[3 * i] - camera.pos[0], dy = p[3 * i + 1] - camera.pos[1];
  const dz = p[3 * i + 2] - camera.pos[2];
  return -(m[2] * dx + m[5] * dy + m[8] * dz);
}

/** Focal length in pixels of a camera drawn `height` pixels tall. */
export function focalPixels(fovy: number, height: number): number {
  return height / 2 / Math.tan((fovy * Math.PI) / 360);
}

const meshCache = new WeakMap<MeshData, UnitMesh>();

/** The flat-shaded unit mesh of a snapshot mesh, cached per `MeshData` object. */
export function meshFromData(mesh: MeshData): UnitMesh {
  let m = meshCache.get(mesh);
  if (!m) {
    m = buildFromMesh(mesh);
    meshCache.set(mesh, m);
  }
  return m;
}

/** How one geom maps a unit mesh into its frame. */
export interface GeomShape {
  /** Kind ({@link UnitMeshId}), or -1 for a snapshot mesh (`geomMesh`), or -2 to skip. */
  unit: number;
  sx: number;
  sy: number;
  sz: number;
  /** Offset along local z times the vertex cap sign (capsule half-length). */
  zshift: number;
  /** Largest radius of a round shape (for its level of detail); 0 for others. */
  round: number;
}

/**
 * Fills `out` with the unit mesh and scale of geom `g` of a snapshot (MuJoCo `geom_size`).
 * Unsupported types (height fields) get `unit = -2`.
 */
export function geomShape(
  type: number,
  size: Float64Array,
  g: number,
  out: GeomShape,
): GeomShape {
  const s0 = size[3 * g], s1 = size[3 * g + 1], s2 = size[3 * g + 2];
  out.zshift = 0;
  out.round = 0;
  switch (type) {
    case GeomType.sphere:
      out.unit = UnitMeshId.sphere, out.sx = s0, out.sy = s0, out.sz = s0, out.round = s0;
      break;
    case GeomType.ellipsoid:
      out.unit = UnitMeshId.sphere, out.sx = s0, out.sy = s1, out.sz = s2;
      out.round = Math.max(s0, s1, s2);
      break;
    case GeomType.capsule:
      out.unit = UnitMeshId.capsule, out.sx = s0, out.sy = s0, out.sz = s0, out.zshift = s1;
      out.round = s0;
      break;
    case GeomType.cylinder:
      out.unit = UnitMeshId.cylinder, out.sx = s0, out.sy = s0, out.sz = s1, out.round = s0;
      break;
    case GeomType.box:
      out.unit = UnitMeshId.box, out.sx = s0, out.sy = s1, out.sz = s2;
      break;
    case GeomType.plane:
      out.unit = UnitMeshId.plane;
      out.sx = s0 > 0 ? s0 : INFINITE_PLANE_HALF;
      out.sy = s1 > 0 ? s1 : INFINITE_PLANE_HALF;
      out.sz = 1;
      break;
    case GeomType.mesh:
      out.unit = -1, out.sx = 1, out.sy = 1, out.sz = 1;
      break;
    default:
      out.unit = -2, out.sx = 1, out.sy = 1, out.sz = 1;
  }
  return out;
}

/** A fresh {@link GeomShape} to reuse with {@link geomShape}. */
export function newGeomShape(): GeomShape {
  return { unit: -2, sx: 1, sy: 1, sz: 1, zshift: 0, round: 0 };
}

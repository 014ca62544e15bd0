/**
 * The CPU backend: per geom, transform the cached unit mesh, light each vertex (ambient +
 * Lambert diffuse, the formula the WebGPU shader repeats), clip against the near plane and
 * rasterize with a z-buffer.
 */
import type { CameraSpec, SceneSnapshot } from "../../core/mod.ts";
import {
  boundRadius,
  focalPixels,
  geomShape,
  meshFromData,
  newGeomShape,
  pickMesh,
  type UnitMesh,
  unitMeshList,
  VERTEX_FLOATS,
  viewDepth,
} from "../tessellate.ts";
import {
  DEFAULT_BACKGROUND,
  MAX_LIGHTS,
  NEAR_PLANE,
  type Renderer,
  type RenderJob,
  type RenderOptions,
} from "../types.ts";
import { drawTriangle, RasterTarget, VertexBuffer } from "./raster.ts";
import { type CameraSpecOptions, cameraSpecs } from "../cameras.ts";
import type { RgbImage } from "../image.ts";

/** Camera-space coordinates and lit colour (0..255) of the current geom's vertices. */
class CameraVertices {
  x = new Float64Array(0);
  y = new Float64Array(0);
  d = new Float64Array(0);
  r = new Float64Array(0);
  g = new Float64Array(0);
  b = new Float64Array(0);
  reserve(n: number): void {
    if (this.x.length >= n) return;
    const size = Math.max(n, this.x.length * 2, 256);
    this.x = new Float64Array(size);
    this.y = new Float64Array(size);
    this.d = new Float64Array(size);
    this.r = new Float64Array(size);
    this.g = new Float64Array(size);
    this.b = new Float64Array(size);
  }
}

/** Draws snapshots on the CPU; reuses its buffers between frames (not re-entrant). */
export class CpuRasterizer {
  #cam = new CameraVertices();
  #screen = new VertexBuffer();
  #shape = newGeomShape();
  #targets = new Map<string, RasterTarget>();
  #clipX = new Float64Array(8);
  #clipY = new Float64Array(8);
  #clipD = new Float64Array(8);
  #clipR = new Float64Array(8);
  #clipG = new Float64Array(8);
  #clipB = new Float64Array(8);
  #lights = new Float64Array(7 * MAX_LIGHTS);
  #lightCount = 0;
  #background: readonly [number, number, number];
  #supersample: boolean;

  constructor(options: RenderOptions = {}) {
    this.#background = options.background ?? DEFAULT_BACKGROUND;
    this.#supersample = options.supersample ?? false;
  }

  /** Renders one camera view as RGB bytes (row 0 at the top). */
  renderFrame(snapshot: SceneSnapshot, camera: CameraSpec): Uint8Array {
    const f = this.#supersample ? 2 : 1;
    const t = this.#draw(snapshot, camera, f, false);
    if (f === 1) return t.color.slice();
    return downsample2x(t.color, camera.width, camera.height);
  }

  /** Renders the segmentation id (`geomSegment`) of each pixel; -1 where no geom is seen. */
  renderSegmentation(snapshot: SceneSnapshot, camera: CameraSpec): Int32Array {
    return this.#draw(snapshot, camera, 1, true).seg!.slice();
  }

  #target(w: number, h: number, seg: boolean): RasterTarget {
    const key = `${w}x${h}`;
    let t = this.#targets.get(key);
    if (!t) {
      t = new RasterTarget(w, h);
      this.#targets.set(key, t);
    }
    t.seg = seg ? new Int32Array(w * h) : null;
    return t;
  }

  #draw(snapshot: SceneSnapshot, camera: CameraSpec, factor: number, seg: boolean) {
    const W = camera.width * factor, H = camera.height * factor;
    const t = this.#target(W, H, seg);
    const bg = this.#background;
    t.clear(toByte(bg[0]), toByte(bg[1]), toByte(bg[2]));
    const meshes = unitMeshList();
    const shape = this.#shape;
    this.#lightCount = this.#packLights(snapshot);
    const { geomType, geomSize, geomRgba, geomMesh, geomSegment } = snapshot;
    const tanY = Math.tan((camera.fovy * Math.PI) / 360);
    const tanX = (tanY * W) / H;
    const normX = 1 / Math.sqrt(1 + tanX * tanX), normY = 1 / Math.sqrt(1 + tanY * tanY);
    const focalPx = focalPixels(camera.fovy, H);
    for (let g = 0; g < snapshot.geomCount; g++) {
      if (geomRgba[4 * g + 3] === 0) continue;
      geomShape(geomType[g], geomSize, g, shape);
      let dataMesh: UnitMesh | null = null;
      if (shape.unit === -1 && geomMesh[g] >= 0) {
        dataMesh = meshFromData(snapshot.meshes[geomMesh[g]]);
      } else if (shape.unit < 0) continue;
      // Bounding-sphere test against the near and side planes.
      const radius = boundRadius(shape, dataMesh?.radius ?? 0);
      const p = snapshot.geomPos;
      const dx = p[3 * g] - camera.pos[0],
        dy = p[3 * g + 1] - camera.pos[1],
        dz = p[3 * g + 2] - camera.pos[2];
      const m = camera.mat;
      const cx = m[0] * dx + m[3] * dy + m[6] * dz;
      const cy = m[1] * dx + m[4] * dy + m[7] * dz;
      const cd = viewDepth(camera, p, g);
      if (cd + radius < NEAR_PLANE) continue;
      if ((Math.abs(cx) - tanX * cd) * normX > radius) continue;
      if ((Math.abs(cy) - tanY * cd) * normY > radius) continue;
      const mesh = dataMesh ?? meshes[pickMesh(shape, cd, focalPx)];
      t.segId = geomSegment[g];
      this.#transformGeom(snapshot, g, mesh, camera);
      this.#drawMesh(t, mesh, W, H, tanY);
    }
    return t;
  }

  /** Fills `#cam` with camera-space positions and lit colours of geom `g`'s vertices. */
  #transformGeom(s: SceneSnapshot, g: number, mesh: UnitMesh, camera: CameraSpec): void {
    const shape = this.#shape;
    const n = mesh.vertices.length / VERTEX_FLOATS;
    const cam = this.#cam;
    cam.reserve(n);
    const V = mesh.vertices;
    const M = s.geomMat, o = 9 * g;
    const m00 = M[o], m01 = M[o + 1], m02 = M[o + 2];
    const m10 = M[o + 3], m11 = M[o + 4], m12 = M[o + 5];
    const m20 = M[o + 6], m21 = M[o + 7], m22 = M[o + 8];
    const px = s.geomPos[3 * g], py = s.geomPos[3 * g + 1], pz = s.geomPos[3 * g + 2];
    const { sx, sy, sz, zshift } = shape;
    const isx = 1 / sx, isy = 1 / sy, isz = 1 / sz;
    const cr = s.geomRgba[4 * g] * 255,
      cg = s.geomRgba[4 * g + 1] * 255,
      cb = s.geomRgba[4 * g + 2] * 255;
    const c = camera.mat, [ex, ey, ez] = camera.pos;
    const nl = this.#lightCount, LT = this.#lights;
    const [ar, ag, ab] = s.ambient;
    for (let i = 0; i < n; i++) {
      const k = i * VERTEX_FLOATS;
      const lx = sx * V[k], ly = sy * V[k + 1], lz = sz * V[k + 2] + V[k + 3] * zshift;
      const wx = px + m00 * lx + m01 * ly + m02 * lz;
      const wy = py + m10 * lx + m11 * ly + m12 * lz;
      const wz = pz + m20 * lx + m21 * ly + m22 * lz;
      const ux = V[k + 4] * isx, uy = V[k + 5] * isy, uz = V[k + 6] * isz;
      let nx = m00 * ux + m01 * uy + m02 * uz;
      let ny = m10 * ux + m11 * uy + m12 * uz;
      let nz = m20 * ux + m21 * uy + m22 * uz;
      const len = Math.sqrt(nx * nx + ny * ny + nz * nz);
      nx /= len, ny /= len, nz /= len;
      let lr = ar, lg = ag, lb = ab;
      for (let j = 0; j < nl; j++) {
        const o = 7 * j;
        let qx = LT[o + 1], qy = LT[o + 2], qz = LT[o + 3];
        if (LT[o] === 0) {
          qx -= wx, qy -= wy, qz -= wz;
          const ql = Math.sqrt(qx * qx + qy * qy + qz * qz) || 1;
          qx /= ql, qy /= ql, qz /= ql;
        }
        const dot = nx * qx + ny * qy + nz * qz;
        if (dot > 0) lr += LT[o + 4] * dot, lg += LT[o + 5] * dot, lb += LT[o + 6] * dot;
      }
      // clamp(rgb * light, 0, 1), in 0..255 units.
      const vr = cr * lr, vg = cg * lg, vb = cb * lb;
      cam.r[i] = vr < 255 ? vr : 255;
      cam.g[i] = vg < 255 ? vg : 255;
      cam.b[i] = vb < 255 ? vb : 255;
      const dx = wx - ex, dy = wy - ey, dz = wz - ez;
      cam.x[i] = c[0] * dx + c[3] * dy + c[6] * dz;
      cam.y[i] = c[1] * dx + c[4] * dy + c[7] * dz;
      cam.d[i] = -(c[2] * dx + c[5] * dy + c[8] * dz);
    }
  }

  /**
   * Packs the snapshot's first `MAX_LIGHTS` lights as [directional, x, y, z, r, g, b]: x, y, z
   * is the direction towards a directional light, else the light's position.
   */
  #packLights(s: SceneSnapshot): number {
    const n = Math.min(s.lights.length, MAX_LIGHTS), LT = this.#lights;
    for (let j = 0; j < n; j++) {
      const L = s.lights[j], o = 7 * j;
      LT[o] = L.directional ? 1 : 0;
      const v = L.directional ? [-L.dir[0], -L.dir[1], -L.dir[2]] : L.pos;
      LT[o + 1] = v[0], LT[o + 2] = v[1], LT[o + 3] = v[2];
      LT[o + 4] = L.diffuse[0], LT[o + 5] = L.diffuse[1], LT[o + 6] = L.diffuse[2];
    }
    return n;
  }

  #drawMesh(t: RasterTarget, mesh: UnitMesh, W: number, H: number, tanY: number) {
    const n = mesh.vertices.length / VERTEX_FLOATS;
    const cam = this.#cam, sv = this.#screen;
    sv.reserve(n + 4);
    const focal = H / 2 / tanY, hw = W / 2, hh = H / 2;
    for (let i = 0; i < n; i++) {
      const d = cam.d[i];
      if (d >= NEAR_PLANE) {
        const iw = 1 / d;
        sv.x[i] = hw + cam.x[i] * iw * focal;
        sv.y[i] = hh - cam.y[i] * iw * focal;
        sv.iw[i] = iw;
        sv.r[i] = cam.r[i] * iw;
        sv.g[i] = cam.g[i] * iw;
        sv.b[i] = cam.b[i] * iw;
      }
    }
    const I = mesh.indices, D = cam.d;
    for (let k = 0; k < I.length; k += 3) {
      const a = I[k], b = I[k + 1], c = I[k + 2];
      const ina = D[a] >= NEAR_PLANE, inb = D[b] >= NEAR_PLANE, inc = D[c] >= NEAR_PLANE;
      if (ina && inb && inc) drawTriangle(t, sv, a, b, c);
      else if (ina || inb || inc) this.#clipAndDraw(t, a, b, c, n, focal, hw, hh);
    }
  }

  /** Clips triangle (a, b, c) against the near plane and draws the 1 or 2 triangles left. */
  #clipAndDraw(
    t: RasterTarget,
    a: number,
    b: number,
    c: number,
    base: number,
    focal: number,
    hw: number,
    hh: number,
  ) {
    const cam = this.#cam, sv = this.#screen;
    const X = this.#clipX, Y = this.#clipY, D = this.#clipD;
    const R = this.#clipR, G = this.#clipG, B = this.#clipB;
    let n = 0;
    for (let e = 0; e < 3; e++) {
      const i = e === 0 ? a : e === 1 ? b : c;
      const j = e === 0 ? b : e === 1 ? c : a;
      const di = cam.d[i], dj = cam.d[j];
      if (di >= NEAR_PLANE) {
        X[n] = cam.x[i], Y[n] = cam.y[i], D[n] = di;
        R[n] = cam.r[i], G[n] = cam.g[i], B[n] = cam.b[i];
        n++;
      }
      if ((di >= NEAR_PLANE) !== (dj >= NEAR_PLANE)) {
        const s = (NEAR_PLANE - di) / (dj - di);
        X[n] = cam.x[i] + s * (cam.x[j] - cam.x[i]);
        Y[n] = cam.y[i] + s * (cam.y[j] - cam.y[i]);
        D[n] = NEAR_PLANE;
        R[n] = cam.r[i] + s * (cam.r[j] - cam.r[i]);
        G[n] = cam.g[i] + s * (cam.g[j] - cam.g[i]);
        B[n] = cam.b[i] + s * (cam.b[j] - cam.b[i]);
        n++;
      }
    }
    for (let k = 0; k < n; k++) {
      const iw = 1 / D[k], v = base + k;
      sv.x[v] = hw + X[k] * iw * focal;
      sv.y[v] = hh - Y[k] * iw * focal;
      sv.iw[v] = iw;
      sv.r[v] = R[k] * iw;
      sv.g[v] = G[k] * iw;
      sv.b[v] = B[k] * iw;
    }
    for (let k = 1; k + 1 < n; k++) drawTriangle(t, sv, base, base + k, base + k + 1);
  }
}

function toByte(v: number): number {
  return Math.min(255, Math.max(0, Math.round(v * 255)));
}

/** Averages each 2x2 block of a `2w x 2h` RGB image (rounded half up). */
export function downsample2x(src: Uint8Array, w: number, h: number): Uint8Array {
  const out = new Uint8Array(w * h * 3);
  const W = 2 * w;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const a = ((2 * y) * W + 2 * x) * 3, b = a + W * 3;
      const o = (y * w + x) * 3;
      for (let ch = 0; ch < 3; ch++) {
        out[o + ch] = (src[a + ch] + src[a + 3 + ch] + src[b + ch] + src[b + 3 + ch] + 2) >> 2;
      }
    }
  }
  return out;
}

/** A {@link Renderer} on the CPU: renders the jobs one frame at a time. */
export class CpuRenderer implements Renderer {
  readonly backend = "cpu" as const;
  #raster: CpuRasterizer;
  constructor(options: RenderOptions = {}) {
    this.#raster = new CpuRasterizer(options);
  }
  /** Renders synchronously (the CPU backend needs no await). */
  renderSync(snapshot: SceneSnapshot, cameras: readonly CameraSpec[]): Uint8Array[] {
    return cameras.map((c) => this.#raster.renderFrame(snapshot, c));
  }
  /**
   * Renders the snapshot's named cameras into `{ name: { data, width, height } }` (the shape of
   * an env's `render` hook).
   */
  renderImages(
    snapshot: SceneSnapshot,
    names: readonly string[],
    options: CameraSpecOptions = {},
  ): Record<string, RgbImage> {
    const specs = cameraSpecs(snapshot, names, options);
    const images = this.renderSync(snapshot, specs);
    const out: Record<string, RgbImage> = {};
    specs.forEach((c, i) => out[c.name] = { data: images[i], width: c.width, height: c.height });
    return out;
  }
  render(snapshot: SceneSnapshot, cameras: readonly CameraSpec[]): Promise<Uint8Array[]> {
    return Promise.resolve(this.renderSync(snapshot, cameras));
  }
  renderBatch(jobs: readonly RenderJob[]): Promise<Uint8Array[][]> {
    return Promise.resolve(jobs.map((j) => this.renderSync(j.snapshot, j.cameras)));
  }
  close(): void {}
  [Symbol.dispose](): void {
    this.close();
  }
}

/**
 * Renders the segmentation id (`geomSegment`) seen at each pixel, -1 where no geom is seen
 * (CPU only; for tests and debugging).
 */
export function renderSegmentation(snapshot: SceneSnapshot, camera: CameraSpec): Int32Array {
  return new CpuRasterizer().renderSegmentation(snapshot, camera);
}

/**
 * Triangle rasterizer over preallocated typed arrays: z-buffer on 1/w (larger is nearer),
 * perspective-correct colour, spans computed per row so no pixel of the bounding box is
 * tested twice, and no allocation per triangle or pixel.
 */

/** Screen-space vertices (pixel x, pixel y, 1/w, colour/w in 0..255 scale) addressed by index. */
export class VertexBuffer {
  x: Float64Array = new Float64Array(0);
  y: Float64Array = new Float64Array(0);
  iw: Float64Array = new Float64Array(0);
  r: Float64Array = new Float64Array(0);
  g: Float64Array = new Float64Array(0);
  b: Float64Array = new Float64Array(0);
  /** Grows the arrays to hold at least `n` vertices (contents are not kept). */
  reserve(n: number): void {
    if (this.x.length >= n) return;
    const size = Math.max(n, this.x.length * 2, 256);
    this.x = new Float64Array(size);
    this.y = new Float64Array(size);
    this.iw = new Float64Array(size);
    this.r = new Float64Array(size);
    this.g = new Float64Array(size);
    this.b = new Float64Array(size);
  }
}

/** A colour + depth (+ optional segmentation) target of a fixed size. */
export class RasterTarget {
  readonly width: number;
  readonly height: number;
  readonly color: Uint8Array;
  readonly depth: Float32Array;
  seg: Int32Array | null = null;
  /** Segmentation id written by the triangles drawn next. */
  segId = 0;
  /** A frame of the background colour, copied in by `clear`. */
  #background: Uint8Array | null = null;
  #backgroundKey = -1;
  constructor(width: number, height: number) {
    this.width = width;
    this.height = height;
    this.color = new Uint8Array(width * height * 3);
    this.depth = new Float32Array(width * height);
  }
  /** Fills colour with `rgb` (0..255), depth with "infinitely far" and ids with -1. */
  clear(r: number, g: number, b: number): void {
    const key = (r << 16) | (g << 8) | b;
    if (this.#background === null || this.#backgroundKey !== key) {
      const bg = new Uint8Array(this.color.length);
      for (let i = 0; i < bg.length; i += 3) bg[i] = r, bg[i + 1] = g, bg[i + 2] = b;
      this.#background = bg;
      this.#backgroundKey = key;
    }
    this.color.set(this.#background);
    this.depth.fill(0);
    this.seg?.fill(-1);
  }
}

/**
 * Draws triangle (a, b, c) of `v` into `t` if it faces the camera (counter-clockwise in a
 * y-up view, so clockwise in pixel coordinates). Pixel centres are at `i + 0.5`.
 */
export function drawTriangle(t: RasterTarget, v: VertexBuffer, a: number, b: number, c: number) {
  const X = v.x, Y = v.y;
  const x0 = X[a], y0 = Y[a];
  let x1 = X[b], y1 = Y[b], x2 = X[c], y2 = Y[c];
  let area = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
  if (!(area < 0)) return; // back face, degenerate or NaN
  // Swap b and c so the area is positive and the edge functions are >= 0 inside.
  let tmp = b;
  b = c, c = tmp;
  tmp = x1, x1 = x2, x2 = tmp;
  tmp = y1, y1 = y2, y2 = tmp;
  area = -area;
  const W = t.width, H = t.height;
  const xmin = Math.max(0, Math.ceil(Math.min(x0, x1, x2) - 0.5));
  const xmax = Math.min(W - 1, Math.floor(Math.max(x0, x1, x2) - 0.5));
  const ymin = Math.max(0, Math.ceil(Math.min(y0, y1, y2) - 0.5));
  const ymax = Math.min(H - 1, Math.floor(Math.max(y0, y1, y2) - 0.5));
  if (xmin > xmax || ymin > ymax) return;

  // Edge k is opposite vertex k: e(p) = (xb - xa)(py - ya) - (yb - ya)(px - xa).
  const sx0 = y1 - y2, sy0 = x2 - x1;
  const sx1 = y2 - y0, sy1 = x0 - x2;
  const sx2 = y0 - y1, sy2 = x1 - x0;
  const px = xmin + 0.5, py = ymin + 0.5;
  let r0 = (x2 - x1) * (py - y1) - (y2 - y1) * (px - x1);
  let r1 = (x0 - x2) * (py - y2) - (y0 - y2) * (px - x2);
  let r2 = (x1 - x0) * (py - y0) - (y1 - y0) * (px - x0);

  // Attribute planes A = (e0 a0 + e1 a1 + e2 a2) / area: the x step, the y step and the value
  // at the first pixel centre, stepped per pixel.
  const inv = 1 / area;
  const plane = (a0: number, a1: number, a2: number) =>
    [
      (sx0 * a0 + sx1 * a1 + sx2 * a2) * inv,
      (sy0 * a0 + sy1 * a1 + sy2 * a2) * inv,
      (r0 * a0 + r1 * a1 + r2 * a2) * inv,
    ] as const;
  const IW = v.iw, R = v.r, G = v.g, B = v.b;
  let [dwx, dwy, rowW] = plane(IW[a], IW[b], IW[c]);
  let [drx, dry, rowR] = plane(R[a], R[b], R[c]);
  let [dgx, dgy, rowG] = plane(G[a], G[b], G[c]);
  let [dbx, dby, rowB] = plane(B[a], B[b], B[c]);

  const depth = t.depth, color = t.color, seg = t.seg, segId = t.segId;
  // Reciprocal x-steps of the edges (0 for edges parallel to x, which never bound the span).
  const i0 = sx0 !== 0 ? 1 / sx0 : 0, i1 = sx1 !== 0 ? 1 / sx1 : 0, i2 = sx2 !== 0 ? 1 / sx2 : 0;
  for (let y = ymin; y <= ymax; y++) {
    // Span of x where every edge function is >= 0: rising edges (s > 0) bound it from the
    // left, falling edges from the right.
    let lo = xmin, hi = xmax;
    if (r0 < 0) {
      if (sx0 > 0) lo = Math.max(lo, xmin + Math.ceil(-r0 * i0));
      else lo = xmax + 1;
    } else if (sx0 < 0) hi = Math.min(hi, xmin + Math.floor(-r0 * i0));
    if (r1 < 0) {
      if (sx1 > 0) lo = Math.max(lo, xmin + Math.ceil(-r1 * i1));
      else lo = xmax + 1;
    } else if (sx1 < 0) hi = Math.min(hi, xmin + Math.floor(-r1 * i1));
    if (r2 < 0) {
      if (sx2 > 0) lo = Math.max(lo, xmin + Math.ceil(-r2 * i2));
      else lo = xmax + 1;
    } else if (sx2 < 0) hi = Math.min(hi, xmin + Math.floor(-r2 * i2));
    if (lo <= hi) {
      const off = lo - xmin;
      let iw = rowW + dwx * off,
        cr = rowR + drx * off,
        cg = rowG + dgx * off,
        cb = rowB + dbx * off;
      let idx = y * W + lo;
      for (let x = lo; x <= hi; x++, idx++) {
        if (iw > depth[idx]) {
          depth[idx] = iw;
          const k = 1 / iw;
          const o = idx * 3;
          color[o] = cr * k + 0.5;
          color[o + 1] = cg * k + 0.5;
          color[o + 2] = cb * k + 0.5;
          if (seg !== null) seg[idx] = segId;
        }
        iw += dwx, cr += drx, cg += dgx, cb += dbx;
      }
    }
    r0 += sy0, r1 += sy1, r2 += sy2;
    rowW += dwy, rowR += dry, rowG += dgy, rowB += dby;
  }
}

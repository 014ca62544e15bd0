/**
 * Image geometry for the demo's vision baseline: colour masks, connected blobs, and pixel
 * rays of a pinhole camera (MuJoCo convention: camera looks along −z, y up, row 0 at top).
 */
import type { CameraPose } from "../../core/mod.ts";

/** A world-space point or direction. */
export type Vec3 = [number, number, number];

/** A connected set of pixels of one colour class. */
export interface Blob {
  /** Pixel count. */
  size: number;
  /** Mean column (x) and row (y), pixel centres at +0.5. */
  cx: number;
  cy: number;
  /** Mean brightness (0–255) of the blob's pixels. */
  brightness: number;
}

/** Classifies one RGB pixel. */
export type PixelTest = (r: number, g: number, b: number) => boolean;

/** Saturated green: the goal marker. */
export const isGreen: PixelTest = (r, g, b) => g > 60 && g > 1.5 * r && g > 1.3 * b;
/** Saturated red: the button cap (the arm is red too; callers tell blobs apart by position). */
export const isRed: PixelTest = (r, g, b) => r > 60 && r > 2.2 * g && r > 2.2 * b;

/** Connected blobs (4-neighbourhood) of pixels passing `test`, largest first. */
export function findBlobs(rgb: Uint8Array, width: number, height: number, test: PixelTest): Blob[] {
  const n = width * height;
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (test(rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2])) mask[i] = 1;
  }
  const seen = new Uint8Array(n);
  const stack: number[] = [];
  const blobs: Blob[] = [];
  for (let start = 0; start < n; start++) {
    if (!mask[start] || seen[start]) continue;
    let size = 0, sx = 0, sy = 0, sb = 0;
    stack.push(start);
    seen[start] = 1;
    while (stack.length > 0) {
      const i = stack.pop()!;
      const x = i % width, y = (i - x) / width;
      size++;
      sx += x + 0.5;
      sy += y + 0.5;
      sb += (rgb[3 * i] + rgb[3 * i + 1] + rgb[3 * i + 2]) / 3;
      const nbrs = [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, i - width, i + width];
      for (const j of nbrs) {
        if (j >= 0 && j < n && mask[j] && !seen[j]) {
          seen[j] = 1;
          stack.push(j);
        }
      }
    }
    blobs.push({ size, cx: sx / size, cy: sy / size, brightness: sb / size });
  }
  return blobs.sort((a, b) => b.size - a.size);
}

/** The world-space ray through pixel (`px`, `py`) of an image `width`×`height`. */
export function pixelRay(
  camera: CameraPose,
  px: number,
  py: number,
  width: number,
  height: number,
): { origin: Vec3; dir: Vec3 } {
  const f = (height / 2) / Math.tan((camera.fovy * Math.PI) / 360);
  const c: Vec3 = [(px - width / 2) / f, -(py - height / 2) / f, -1];
  const m = camera.mat;
  const dir: Vec3 = [
    m[0] * c[0] + m[1] * c[1] + m[2] * c[2],
    m[3] * c[0] + m[4] * c[1] + m[5] * c[2],
    m[6] * c[0] + m[7] * c[1] + m[8] * c[2],
  ];
  const len = Math.hypot(...dir);
  return { origin: [...camera.pos], dir: [dir[0] / len, dir[1] / len, dir[2] / len] };
}

/** The point of a ray at height `z`, or undefined when the ray is parallel to that plane. */
export function rayAtHeight(ray: { origin: Vec3; dir: Vec3 }, z: number): Vec3 | undefined {
  if (Math.abs(ray.dir[2]) < 1e-9) return undefined;
  const t = (z - ray.origin[2]) / ray.dir[2];
  if (t <= 0) return undefined;
  return [ray.origin[0] + t * ray.dir[0], ray.origin[1] + t * ray.dir[1], z];
}

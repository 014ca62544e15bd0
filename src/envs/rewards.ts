/**
 * Reward shaping helpers with MetaWorld's (dm_control-derived) semantics: `tolerance` is 1
 * inside the bounds and falls off with a sigmoid outside, reaching 0.1 at `margin`.
 */
import type { Vec3 } from "./types.ts";

/** Sigmoid shapes of `tolerance`. */
export type Sigmoid = "long_tail" | "gaussian";

/** 1 inside `[lo, hi]`, `sigmoid(distance / margin)` outside (0.1 at one margin). */
export function tolerance(
  x: number,
  bounds: readonly [number, number],
  margin: number,
  sigmoid: Sigmoid = "long_tail",
): number {
  const [lo, hi] = bounds;
  if (x >= lo && x <= hi) return 1;
  if (margin <= 0) return 0;
  const d = (x < lo ? lo - x : x - hi) / margin;
  if (sigmoid === "gaussian") {
    const s = 2.1459660262893472 * d; // sqrt(-2 ln 0.1)
    return Math.exp(-0.5 * s * s);
  }
  const s = 3 * d; // sqrt(1 / 0.1 - 1)
  return 1 / (1 + s * s);
}

/** Hamacher product of two values in [0, 1] (0 when both are 0). */
export function hamacher(a: number, b: number): number {
  const denom = a + b - a * b;
  return denom > 0 ? (a * b) / denom : 0;
}

/** Euclidean distance. */
export function dist(a: Readonly<Vec3>, b: Readonly<Vec3>): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/** Distance in the x-z plane. */
export function distXz(a: Readonly<Vec3>, b: Readonly<Vec3>): number {
  return Math.hypot(a[0] - b[0], a[2] - b[2]);
}

/** Distance in the x-y plane. */
export function distXy(a: Readonly<Vec3>, b: Readonly<Vec3>): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

/** Clamps to [lo, hi]. */
export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

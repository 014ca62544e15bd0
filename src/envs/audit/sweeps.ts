/**
 * Proprio-only sweeps: scripted paths over the reachable volume that read nothing but the
 * hand position, the cheapest way to touch every place a goal could be.
 */
import { clamp } from "../rewards.ts";
import type { Vec3 } from "../types.ts";

/** A policy that sees only proprio `[x, y, z, gripper]`; `start()` begins an episode. */
export interface BlindPolicy {
  readonly name: string;
  start(): (proprio: Float64Array) => number[];
}

/** The part of the table every task places things on, with the hand heights swept. */
export const SWEEP_VOLUME = Object.freeze({
  x: [-0.35, 0.35] as const,
  y: [0.45, 0.95] as const,
  /** Hand heights (the TCP is 4.5 cm lower): on the table, fixture tops, mid air, high. */
  z: [0.06, 0.12, 0.2, 0.3] as const,
});

/** Within this distance (m) a waypoint counts as reached. */
const REACHED = 0.01;

/**
 * Follows `waypoints` in order with a proportional move (the env clips to 1 cm per step),
 * holding `grip` throughout; after the last one it starts over.
 */
export function waypointPolicy(
  name: string,
  waypoints: readonly Readonly<Vec3>[],
  grip: number,
): BlindPolicy {
  if (waypoints.length === 0) throw new RangeError(`Cannot make sweep "${name}": no waypoints`);
  return {
    name,
    start() {
      let i = 0;
      return (p) => {
        let w = waypoints[i];
        if (Math.hypot(w[0] - p[0], w[1] - p[1], w[2] - p[2]) < REACHED) {
          i = (i + 1) % waypoints.length;
          w = waypoints[i];
        }
        return [0, 1, 2].map((k) => clamp(10 * (w[k] - p[k]), -1, 1)).concat(grip);
      };
    },
  };
}

/** Boustrophedon lines along x, `spacing` apart in y, at hand height `z`. */
export function rasterPath(z: number, spacing = 0.08): Vec3[] {
  const [x0, x1] = SWEEP_VOLUME.x;
  const [y0, y1] = SWEEP_VOLUME.y;
  const path: Vec3[] = [];
  const lines = Math.floor((y1 - y0) / spacing + 1e-9) + 1;
  for (let j = 0; j < lines; j++) {
    const y = y0 + j * spacing;
    const [a, b] = j % 2 === 0 ? [x0, x1] : [x1, x0];
    path.push([a, y, z], [b, y, z]);
  }
  return path;
}

/** An Archimedean spiral out from the table centre, `pitch` between turns, at hand height z. */
export function spiralPath(z: number, pitch = 0.06): Vec3[] {
  const cx = (SWEEP_VOLUME.x[0] + SWEEP_VOLUME.x[1]) / 2;
  const cy = (SWEEP_VOLUME.y[0] + SWEEP_VOLUME.y[1]) / 2;
  const rMax = Math.min(SWEEP_VOLUME.x[1] - cx, SWEEP_VOLUME.y[1] - cy) + pitch;
  const path: Vec3[] = [];
  // Points about 2 cm apart along the curve.
  for (let th = 0;;) {
    const r = (pitch * th) / (2 * Math.PI);
    if (r > rMax) break;
    const x = clamp(cx + r * Math.cos(th), SWEEP_VOLUME.x[0], SWEEP_VOLUME.x[1]);
    const y = clamp(cy + r * Math.sin(th), SWEEP_VOLUME.y[0], SWEEP_VOLUME.y[1]);
    path.push([x, y, z]);
    th += 0.02 / Math.max(r, 0.02);
  }
  return path;
}

/**
 * Vertical strokes (between the lowest and highest swept heights) on a grid `spacing` apart,
 * column by column in boustrophedon order: the sweep of a volume rather than a plane.
 */
export function columnsPath(spacing = 0.1): Vec3[] {
  const [x0, x1] = SWEEP_VOLUME.x;
  const [y0, y1] = SWEEP_VOLUME.y;
  const zs = [SWEEP_VOLUME.z[0], SWEEP_VOLUME.z[SWEEP_VOLUME.z.length - 1]];
  const path: Vec3[] = [];
  const nx = Math.floor((x1 - x0) / spacing + 1e-9) + 1;
  const ny = Math.floor((y1 - y0) / spacing + 1e-9) + 1;
  let k = 0;
  for (let j = 0; j < ny; j++) {
    for (let i0 = 0; i0 < nx; i0++) {
      const i = j % 2 === 0 ? i0 : nx - 1 - i0;
      const [a, b] = k++ % 2 === 0 ? [zs[1], zs[0]] : [zs[0], zs[1]];
      path.push([x0 + i * spacing, y0 + j * spacing, a], [x0 + i * spacing, y0 + j * spacing, b]);
    }
  }
  return path;
}

/**
 * Every sweep of the audit: raster and spiral at each height and vertical columns, gripper
 * open and closed.
 */
export function sweepPolicies(): BlindPolicy[] {
  const out: BlindPolicy[] = [];
  for (const [shape, path] of [["raster", rasterPath], ["spiral", spiralPath]] as const) {
    for (const z of SWEEP_VOLUME.z) {
      for (const [g, grip] of [["open", -1], ["closed", 1]] as const) {
        out.push(waypointPolicy(`sweep-${shape}-z${Math.round(z * 100)}-${g}`, path(z), grip));
      }
    }
  }
  out.push(waypointPolicy("sweep-columns-open", columnsPath(), -1));
  out.push(waypointPolicy("sweep-columns-closed", columnsPath(), 1));
  return out;
}

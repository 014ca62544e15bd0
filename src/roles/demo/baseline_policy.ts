/**
 * The demo's vision baseline: a policy that sees only what a miner sees (the proprio vector
 * and the `corner` image) plus the public calibration of the `corner` camera. It finds the
 * task's target by colour, back-projects it, and drives the hand there.
 *
 * - reach: the goal marker is a floating green sphere, so one image fixes only a ray. With the
 *   hand camera, the hand hovers high above that ray and looks down: the sphere's ray in the
 *   hand image crosses the corner ray at the goal, where the hand then holds its tool point
 *   (success needs the goal held for a number of steps, so passing through is not enough).
 *   Without a hand camera it sweeps its tool point along the corner ray.
 * - button-press: the red cap sits on a box of known height, so its ray meets that plane at
 *   the button; the hand closes, moves above it and presses down.
 * - other tasks: the baseline holds still (it is a baseline, not a generalist).
 */
import type { CameraPose } from "../../core/mod.ts";
import { findBlobs, isGreen, isRed, pixelRay, rayAtHeight, type Vec3 } from "./vision.ts";

/** Hand-to-tool-point offset of the Arm7 hand (the tool point is below the hand). */
const TCP_BELOW_HAND = 0.045;
/** Hand target bounds of the Arm7 rig, with a margin. */
const HAND_LOW: Vec3 = [-0.48, 0.42, 0.06];
const HAND_HIGH: Vec3 = [0.48, 0.98, 0.48];
/** Metres the hand target moves per unit action. */
const ACTION_SCALE = 0.01;
/** Height of the button cap's top face. */
const BUTTON_TOP_Z = 0.308;

/**
 * The public calibration of the hand camera: its position relative to the hand (what proprio
 * reports) and its fixed orientation (the hand never rotates).
 */
export interface HandCamera {
  offset: Vec3;
  mat: number[];
  fovy: number;
}

/** Diameter of the reach goal marker (a public fact of the scene). */
const GOAL_DIAMETER = 0.09;
/** Hand height of the reach lookouts (as high as the hand goes, to see the most table). */
const LOOK_Z = 0.47;
/** Hover height of the hand above the button before it looks down with the hand camera. */
const HOVER_Z = 0.42;
/** Looks with the hand camera this many times, re-centring in between, before pressing. */
const REFINEMENTS = 2;

/** One episode's state of the baseline. */
export class BaselineEpisode {
  #envId: string;
  #camera: CameraPose;
  #hand: HandCamera | undefined;
  #path: Vec3[] | undefined;
  #index = 0;
  #grip = -1;
  #refinements = 0;
  /** reach: the corner ray of the goal, and the hover points left to look down from. */
  #goalRay: { origin: Vec3; dir: Vec3 } | undefined;
  #lookouts: Vec3[] = [];
  /** reach: where the corner ray and the first hand-camera ray to the goal cross. */
  #estimate: Vec3 | undefined;

  constructor(envId: string, camera: CameraPose, handCamera?: HandCamera) {
    this.#envId = envId;
    this.#camera = camera;
    this.#hand = handCamera;
  }

  /**
   * Returns the action for this step from the proprio vector, the corner image and, when
   * given, the gripper image (same size).
   */
  act(
    proprio: ArrayLike<number>,
    corner: Uint8Array,
    width: number,
    height: number,
    gripper?: Uint8Array,
  ): number[] {
    const hand: Vec3 = [proprio[0], proprio[1], proprio[2]];
    if (this.#path === undefined) this.#path = this.#plan(corner, width, height);
    if (this.#path === undefined || this.#path.length === 0) return [0, 0, 0, this.#grip];
    if (this.#refining(hand)) {
      this.#refine(hand, gripper, width, height);
    }
    if (this.#lookouts.length > 0 && this.#atTarget(hand)) {
      this.#lookForGoal(hand, gripper, width, height);
    }
    const target = this.#path[this.#index];
    const delta = target.map((t, i) => t - hand[i]);
    if (Math.hypot(...delta) < 0.012 && this.#index < this.#path.length - 1) this.#index++;
    return [...delta.map((d) => clamp(d / ACTION_SCALE, -1, 1)), this.#grip];
  }

  #plan(corner: Uint8Array, width: number, height: number): Vec3[] | undefined {
    if (this.#envId.includes("reach")) return this.#planReach(corner, width, height);
    if (this.#envId.includes("button-press")) return this.#planButton(corner, width, height);
    return [];
  }

  #planReach(corner: Uint8Array, width: number, height: number): Vec3[] | undefined {
    const blob = findBlobs(corner, width, height, isGreen)[0];
    if (!blob) return undefined;
    const ray = pixelRay(this.#camera, blob.cx, blob.cy, width, height);
    if (this.#hand) {
      // hover above the ray where the goal would be high, then where it would be low
      this.#goalRay = ray;
      this.#lookouts = [0.22, 0.1].flatMap((z) => {
        const p = rayAtHeight(ray, z);
        return p
          ? [
            [
              clamp(p[0], HAND_LOW[0], HAND_HIGH[0]),
              clamp(p[1], HAND_LOW[1], HAND_HIGH[1]),
              LOOK_Z,
            ] as Vec3,
          ]
          : [];
      });
      if (this.#lookouts.length > 0) return [this.#lookouts[0]];
    }
    const path: Vec3[] = [];
    for (let z = 0.34; z >= 0.0; z -= 0.008) {
      const tcp = rayAtHeight(ray, z);
      if (!tcp) continue;
      const handTarget: Vec3 = [tcp[0], tcp[1], tcp[2] + TCP_BELOW_HAND];
      if (handTarget.every((v, i) => v >= HAND_LOW[i] && v <= HAND_HIGH[i])) path.push(handTarget);
    }
    // sweep down the ray and back up, in case the first pass fell short
    return [...path, ...path.slice().reverse()];
  }

  #planButton(corner: Uint8Array, width: number, height: number): Vec3[] | undefined {
    const candidates = findBlobs(corner, width, height, isRed).flatMap((blob) => {
      const ray = pixelRay(this.#camera, blob.cx, blob.cy, width, height);
      const p = rayAtHeight(ray, BUTTON_TOP_Z);
      // the box stands somewhere on the reachable table (procedural layouts)
      if (!p || Math.abs(p[0]) > 0.4 || p[1] < 0.5 || p[1] > 1.0) return [];
      return [{ p, blob }];
    });
    if (candidates.length === 0) return undefined;
    candidates.sort((a, b) => b.blob.brightness - a.blob.brightness);
    const [x, y] = candidates[0].p;
    // with a hand camera, hover high and look down (fingers open, out of its view) before
    // pressing with closed fingers; else press at once
    if (this.#hand) return [[x, y, HOVER_Z]];
    this.#grip = 1;
    return pressPath(x, y);
  }

  #atTarget(hand: Vec3): boolean {
    const target = this.#path?.[this.#index];
    return target !== undefined && Math.hypot(...target.map((t, i) => t - hand[i])) < 0.01;
  }

  /**
   * reach: looks for the green goal in the hand image; where its ray passes closest to the
   * corner ray is the goal, and the hand goes there and stays. Not seen: the next lookout, or
   * at last the sweep along the corner ray.
   */
  #lookForGoal(hand: Vec3, gripper: Uint8Array | undefined, width: number, height: number): void {
    this.#lookouts.shift();
    const cam = this.#hand!;
    const blob = gripper ? findBlobs(gripper, width, height, isGreen)[0] : undefined;
    const pos = hand.map((h, i) => h + cam.offset[i]) as Vec3;
    const ray = blob &&
      pixelRay({ pos, mat: cam.mat, fovy: cam.fovy }, blob.cx, blob.cy, width, height);
    if (ray && this.#goalRay && this.#estimate === undefined) {
      // seen: the rays cross near the goal; look again from straight above that estimate,
      // where the sphere (4 cm across) is big enough for its size to tell the distance
      const e = closestPoint(this.#goalRay, ray);
      this.#estimate = e;
      this.#lookouts = [[e[0], e[1], Math.min(HAND_HIGH[2], e[2] + TCP_BELOW_HAND + 0.15)]];
      this.#path = [this.#lookouts[0]];
    } else if (this.#estimate !== undefined) {
      let goal = this.#estimate;
      if (ray && blob && blob.size >= 6) {
        const diameter = 2 * Math.sqrt(blob.size / Math.PI);
        const f = height / 2 / Math.tan((cam.fovy * Math.PI) / 360);
        const distance = (f * GOAL_DIAMETER) / diameter;
        goal = [0, 1, 2].map((i) => ray.origin[i] + distance * ray.dir[i]) as Vec3;
      }
      const target: Vec3 = [goal[0], goal[1], goal[2] + TCP_BELOW_HAND];
      this.#path = [target.map((v, i) => clamp(v, HAND_LOW[i], HAND_HIGH[i])) as Vec3];
      this.#lookouts = [];
    } else if (this.#lookouts.length > 0) {
      this.#path = [this.#lookouts[0]];
    } else {
      const ray = this.#goalRay!;
      const sweep: Vec3[] = [];
      for (let z = 0.34; z >= 0.0; z -= 0.008) {
        const tcp = rayAtHeight(ray, z);
        if (tcp) sweep.push([tcp[0], tcp[1], tcp[2] + TCP_BELOW_HAND]);
      }
      this.#path = sweep.filter((t) => t.every((v, i) => v >= HAND_LOW[i] && v <= HAND_HIGH[i]));
    }
    this.#index = 0;
  }

  /** Whether the hand hovers at the look-down point and should look again. */
  #refining(hand: Vec3): boolean {
    if (!this.#hand || !this.#envId.includes("button-press")) return false;
    if (this.#refinements >= REFINEMENTS || this.#path?.length !== 1) return false;
    return Math.hypot(...this.#path[0].map((t, i) => t - hand[i])) < 0.01;
  }

  /** Re-centres on the red cap seen by the hand camera; presses after the last look. */
  #refine(hand: Vec3, gripper: Uint8Array | undefined, width: number, height: number): void {
    this.#refinements++;
    const cam = this.#hand!;
    const blob = gripper ? findBlobs(gripper, width, height, isRed)[0] : undefined;
    let [x, y] = this.#path![0];
    if (blob && blob.size >= 4) {
      const pos = hand.map((h, i) => h + cam.offset[i]) as Vec3;
      const ray = pixelRay({ pos, mat: cam.mat, fovy: cam.fovy }, blob.cx, blob.cy, width, height);
      const p = rayAtHeight(ray, BUTTON_TOP_Z);
      if (p && Math.hypot(p[0] - x, p[1] - y) < 0.2) [x, y] = p;
    }
    const press = this.#refinements >= REFINEMENTS || !blob;
    this.#path = press ? pressPath(x, y) : [[x, y, HOVER_Z]];
    if (press) this.#grip = 1;
    this.#index = 0;
  }
}

/** Straight down onto the button at (`x`, `y`), from just above it to past full travel. */
function pressPath(x: number, y: number): Vec3[] {
  const above = BUTTON_TOP_Z + TCP_BELOW_HAND + 0.06;
  const path: Vec3[] = [[x, y, above]];
  for (let z = above; z >= BUTTON_TOP_Z + TCP_BELOW_HAND - 0.085; z -= 0.006) path.push([x, y, z]);
  return path;
}

/** The midpoint of the shortest segment between two rays (their best crossing point). */
function closestPoint(
  a: { origin: Vec3; dir: Vec3 },
  b: { origin: Vec3; dir: Vec3 },
): Vec3 {
  const dot = (u: Vec3, v: Vec3) => u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
  const w = [0, 1, 2].map((i) => a.origin[i] - b.origin[i]) as Vec3;
  const [aa, ab, bb, aw, bw] = [
    dot(a.dir, a.dir),
    dot(a.dir, b.dir),
    dot(b.dir, b.dir),
    dot(a.dir, w),
    dot(b.dir, w),
  ];
  const den = aa * bb - ab * ab || 1e-12;
  const s = (ab * bw - bb * aw) / den;
  const t = (aa * bw - ab * aw) / den;
  return [0, 1, 2].map((i) =>
    (a.origin[i] + s * a.dir[i] + b.origin[i] + t * b.dir[i]) / 2
  ) as Vec3;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/**
 * The demo's vision baseline: a policy that sees only what a miner sees (the proprio vector
 * and the `corner` image) plus the public calibration of the `corner` camera. It finds the
 * task's target by colour, back-projects it, and drives the hand there.
 *
 * - reach: the goal marker is a floating green sphere, so one image fixes only a ray. The hand
 *   sweeps its tool point along that ray; success is sticky and the tool point passes within
 *   the 5 cm success radius of the goal somewhere on the sweep.
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

/** One episode's state of the baseline. */
export class BaselineEpisode {
  #envId: string;
  #camera: CameraPose;
  #path: Vec3[] | undefined;
  #index = 0;
  #grip = -1;

  constructor(envId: string, camera: CameraPose) {
    this.#envId = envId;
    this.#camera = camera;
  }

  /** Returns the action for this step from the proprio vector and the corner image. */
  act(proprio: ArrayLike<number>, corner: Uint8Array, width: number, height: number): number[] {
    const hand: Vec3 = [proprio[0], proprio[1], proprio[2]];
    if (this.#path === undefined) this.#path = this.#plan(corner, width, height);
    if (this.#path === undefined || this.#path.length === 0) return [0, 0, 0, this.#grip];
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
      if (!p || Math.abs(p[0]) > 0.25 || p[1] < 0.7 || p[1] > 1.05) return [];
      return [{ p, blob }];
    });
    if (candidates.length === 0) return undefined;
    candidates.sort((a, b) => b.blob.brightness - a.blob.brightness);
    const [x, y] = candidates[0].p;
    this.#grip = 1;
    const above = BUTTON_TOP_Z + TCP_BELOW_HAND + 0.06;
    const path: Vec3[] = [[x, y, above]];
    for (let z = above; z >= BUTTON_TOP_Z + TCP_BELOW_HAND - 0.085; z -= 0.006) {
      path.push([x, y, z]);
    }
    return path;
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

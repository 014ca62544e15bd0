import type { Sim } from "../sim/mod.ts";
import { clamp } from "./rewards.ts";
import type { Vec3 } from "./types.ts";

/** Hand target moves by `ACTION_SCALE * clip(a, -1, 1)` metres per step. */
export const ACTION_SCALE = 0.01;
/** Physics substeps per env step (2.5 ms each: 12.5 ms control period). */
export const SUBSTEPS = 5;
/** Bounds of the hand target (mocap), shared by every metaworld task. */
export const MOCAP_LOW: Readonly<Vec3> = [-0.5, 0.4, 0.05];
/** Upper bounds of the hand target. */
export const MOCAP_HIGH: Readonly<Vec3> = [0.5, 1.0, 0.5];
/** Substeps that settle the arm at its start pose on reset (as MetaWorld: 50 x 5). */
export const SETTLE_SUBSTEPS = 250;
/** The robot's joints come first in `qpos`: 7 arm joints and 2 fingers. */
export const ARM_QPOS = 9;
/** Claw distance of the fully open gripper; `opening = distance / OPEN_DISTANCE`. */
const OPEN_DISTANCE = 0.1;

/**
 * The conventions of the Arm7 robot (`eval-env/robots/kinitro_arm7`): hand welded to the mocap
 * body `hand_target`, fingers `right_finger`/`left_finger` driven by equally named position
 * actuators (ctrl +1 closes, -1 opens), TCP site `tcp` between the fingertips. Every task that
 * uses this robot controls and observes it through this class.
 */
export class ArmRig {
  readonly sim: Sim;
  readonly #mocap: number;
  readonly #hand: number;
  readonly #tcp: number;
  readonly #right: number;
  readonly #left: number;
  readonly #ctrlRight: number;
  readonly #ctrlLeft: number;

  constructor(sim: Sim) {
    this.sim = sim;
    this.#mocap = sim.mocapId("hand_target");
    this.#hand = sim.id("body", "hand");
    this.#tcp = sim.id("site", "tcp");
    this.#right = sim.id("body", "right_finger");
    this.#left = sim.id("body", "left_finger");
    this.#ctrlRight = sim.id("actuator", "right_finger");
    this.#ctrlLeft = sim.id("actuator", "left_finger");
    if (sim.jointQpos("joint0").adr !== 0 || sim.jointQpos("left_finger").adr !== ARM_QPOS - 1) {
      throw new TypeError("Cannot use the scene: the Arm7 robot must be its first jointed body");
    }
  }

  /** Hand position (the welded frame; what proprio reports). */
  hand(): Vec3 {
    return this.#body(this.#hand);
  }

  /** Tool centre point between the fingertips. */
  tcp(): Vec3 {
    const x = this.sim.siteXpos;
    const i = 3 * this.#tcp;
    return [x[i], x[i + 1], x[i + 2]];
  }

  /** Right and left finger (pad) positions. */
  pads(): { right: Vec3; left: Vec3 } {
    return { right: this.#body(this.#right), left: this.#body(this.#left) };
  }

  /** Finger opening in [0, 1] (1 = open), from the distance between the fingers. */
  opening(): number {
    const x = this.sim.xpos;
    const r = 3 * this.#right;
    const l = 3 * this.#left;
    const d = Math.hypot(x[r] - x[l], x[r + 1] - x[l + 1], x[r + 2] - x[l + 2]);
    return clamp(d / OPEN_DISTANCE, 0, 1);
  }

  /** Hand target (mocap) position. */
  target(): Vec3 {
    const p = this.sim.mocapPos;
    const i = 3 * this.#mocap;
    return [p[i], p[i + 1], p[i + 2]];
  }

  /** Moves the hand target by `ACTION_SCALE * a[0:3]` within bounds and sets the grip. */
  applyAction(a: readonly number[]): void {
    const p = this.sim.mocapPos;
    const i = 3 * this.#mocap;
    for (let k = 0; k < 3; k++) {
      p[i + k] = clamp(p[i + k] + ACTION_SCALE * a[k], MOCAP_LOW[k], MOCAP_HIGH[k]);
    }
    this.setGrip(a[3]);
  }

  /** Sets the finger actuators: +1 closes, -1 opens. */
  setGrip(grip: number): void {
    const ctrl = this.sim.ctrl;
    ctrl[this.#ctrlRight] = grip;
    ctrl[this.#ctrlLeft] = grip;
  }

  /**
   * Resets the data to the model defaults with the arm joints of the `home` keyframe (the
   * first `ARM_QPOS` values), puts the hand target at `handInit` (fingers down, open) and
   * steps until the arm has settled there.
   */
  settle(handInit: Readonly<Vec3>): void {
    const sim = this.sim;
    const home = sim.keyframeQpos("home");
    sim.reset();
    sim.qpos.set(home.subarray(0, ARM_QPOS));
    const p = sim.mocapPos;
    const q = sim.mocapQuat;
    for (let k = 0; k < 3; k++) p[3 * this.#mocap + k] = handInit[k];
    q.set([1, 0, 0, 0], 4 * this.#mocap);
    this.setGrip(-1);
    sim.step(SETTLE_SUBSTEPS);
    sim.kinematics();
  }

  #body(id: number): Vec3 {
    const x = this.sim.xpos;
    return [x[3 * id], x[3 * id + 1], x[3 * id + 2]];
  }
}

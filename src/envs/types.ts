import type { Rng, SceneSnapshot } from "../core/mod.ts";
import type { ModelParams, Sim } from "../sim/mod.ts";
import type { ArmRig } from "./arm.ts";

/** A point or vector in world coordinates (metres). */
export type Vec3 = [number, number, number];

/** `[dx, dy, dz, grip]`, each in [-1, 1] (clipped); xyz move the hand target by up to 1 cm. */
export type Action = readonly [number, number, number, number] | readonly number[];

/** One rendered image, row-major RGB bytes. */
export interface Image {
  data: Uint8Array;
  width: number;
  height: number;
}

/** What a policy sees. */
export interface Observation {
  /** `[ee_x, ee_y, ee_z, gripper]`, gripper = finger opening in [0, 1] (1 = open). */
  proprio: Float64Array;
  /** Camera images by camera name, when the env was made with a `render` hook. */
  images?: Record<string, Image>;
}

/**
 * Simulator state that is never sent to a policy: object and goal positions for oracles,
 * rewards and audits.
 */
export interface PrivilegedState {
  /** Hand (welded frame) position; equals `proprio[0:3]`. */
  hand: Vec3;
  /** Tool centre point between the fingertips. */
  tcp: Vec3;
  /** Finger opening in [0, 1]. */
  gripper: number;
  /** Task objects by name (e.g. `puck`, `button`). */
  objects: Record<string, Vec3>;
  /** The task's goal point, if the task has one. */
  goal: Vec3 | null;
}

/** Reward, success and the named terms the reward is built from. */
export interface Evaluation {
  /** In [0, 1]. */
  reward: number;
  success: boolean;
  terms: Record<string, number>;
}

/** Per-step information. */
export interface StepInfo {
  /** Sticky: true from the first successful step on. */
  success: boolean;
  /** Named reward terms of this step. */
  terms: Record<string, number>;
  /** Steps taken in this episode. */
  steps: number;
  /**
   * The domain-randomization values drawn for this episode (reset info only; server-side,
   * never sent to a policy). Absent when randomization is off.
   */
  randomization?: RandomizationInfo;
}

/** Domain-randomization values of one episode, by object, joint, light and camera name. */
export interface RandomizationInfo {
  /** Sliding-friction multiplier per object (top-level body). */
  friction: Record<string, number>;
  /** Mass and inertia multiplier per task body. */
  mass: Record<string, number>;
  /** Damping multiplier per task joint. */
  damping: Record<string, number>;
  /** Gain multiplier of the gripper actuators. */
  actuatorGain: number;
  /** RGB shift per object (top-level body). */
  colour: Record<string, number[]>;
  /** Diffuse multiplier and direction rotation (degrees) per light. */
  light: Record<string, { intensity: number; tilt: number }>;
  /** Position shift (metres) and rotation (degrees) per world-fixed camera. */
  camera: Record<string, { shift: number[]; tilt: number }>;
}

/** What `Env.reset` returns. */
export interface ResetResult {
  observation: Observation;
  info: StepInfo;
  /** Privileged state: server-side only. */
  state: PrivilegedState;
}

/** What `Env.step` returns (Gymnasium semantics). */
export interface StepResult {
  observation: Observation;
  reward: number;
  /** The task ended: success (sticky success ends the episode). */
  terminated: boolean;
  /** The step limit was reached without termination. */
  truncated: boolean;
  info: StepInfo;
  /** Privileged state: server-side only. */
  state: PrivilegedState;
}

/** What a task's hooks get. */
export interface TaskContext {
  sim: Sim;
  arm: ArmRig;
}

/** Arguments of a domain-randomization hook, called on every reset before placement. */
export interface RandomizeContext {
  sim: Sim;
  /** Generator derived from the episode seed, independent of the placement draws. */
  rng: Rng;
  /** Model fields as loaded (the hook starts from these, never from the last episode). */
  nominal: Readonly<ModelParams>;
}

/**
 * One task: a scene plus placement, privileged state and reward. `S` is the per-episode
 * state `reset` returns (initial positions, constants).
 */
export interface TaskSpec<S = unknown> {
  /** Versioned id, `<family>/<task>-v<N>`. */
  readonly id: string;
  /** One line for `kinitro list-envs`. */
  readonly description: string;
  /** Scene path relative to `eval-env/`. */
  readonly scene: string;
  /** Named scene cameras whose images a policy receives, e.g. `["corner", "gripper"]`. */
  readonly cameras: readonly string[];
  /**
   * The task's step budget: steps per episode before truncation, and the most any caller's
   * `maxSteps` can ask for. Sized to a few times what the oracle needs, so a competent policy
   * has room to spare and a sweep of the workspace runs out.
   */
  readonly episodeSteps: number;
  /**
   * Consecutive steps the task's success condition must hold before the episode succeeds
   * (then success is sticky and ends it): a path that only passes through the goal fails.
   * @default 1
   */
  readonly successHold?: number;
  /** Where the hand waits at the start of an episode. */
  readonly handInit: Vec3;
  /** Places objects and goal (the arm has settled already); returns the episode state. */
  reset(ctx: TaskContext, rng: Rng): S;
  /** Object and goal positions for oracles and audits. */
  privileged(ctx: TaskContext, state: S): Pick<PrivilegedState, "objects" | "goal">;
  /** Reward, success and terms after a step with `action` (clipped). */
  evaluate(ctx: TaskContext, state: S, action: readonly number[]): Evaluation;
}

/** Options of `makeEnv`. */
export interface EnvOptions {
  /**
   * Renders camera images from a scene snapshot; observations then carry `images`.
   * @default no images
   */
  render?: (snapshot: SceneSnapshot) => Record<string, Image>;
  /**
   * Domain randomization applied on every reset (after the nominal model is restored); what
   * it returns goes into the reset's `info.randomization`. `false` turns it off.
   * @default domainRandomization() with its default ranges
   */
  randomize?: ((ctx: RandomizeContext) => RandomizationInfo | void) | false;
  /**
   * Steps per episode, capped at the task's `episodeSteps`.
   * @default the task's `episodeSteps`
   */
  maxSteps?: number;
}

/** Placement and reward helpers shared by the metaworld tasks. */
import type { Rng } from "../../../core/mod.ts";
import type { Sim } from "../../../sim/mod.ts";
import type { ArmRig } from "../../arm.ts";
import { distXz, hamacher, tolerance } from "../../rewards.ts";
import type { TaskContext, TaskSpec, Vec3 } from "../../types.ts";

/** The most steps any metaworld episode may have (the scheduler's default limit). */
export const EPISODE_STEPS = 500;
/**
 * Step budget per task (`TaskSpec.episodeSteps`): about 3x (door-open 2x: a sweep at handle
 * height drags the door open late in the episode) the oracle's slowest episode of
 * 60 seeds (reach 48, push 122, pick-place 103, button-press 75, drawer-open 109,
 * drawer-close 91, door-open 100, peg-insert 115), so a policy that sees has room to spare
 * and a sweep of the table (about 470 steps per plane) runs out first.
 */
export const STEP_BUDGET = Object.freeze({
  reach: 150,
  push: 350,
  pickPlace: 300,
  buttonPress: 250,
  drawerOpen: 300,
  drawerClose: 250,
  doorOpen: 200,
  pegInsert: 350,
});
/**
 * Consecutive steps a goal condition must hold (`TaskSpec.successHold`) where a sweep could
 * pass through the goal region: the hand moves at most 1 cm per step, so it crosses a 5 cm
 * (reach) or 7 cm (pick-place) success sphere in at most 10 or 14 steps.
 */
export const HOLD_PASS_THROUGH = 20;
/** Consecutive steps of every other task's goal condition (a press or a pose held briefly). */
export const HOLD_STEPS = 10;
/**
 * drawer-open also needs the hand on the handle while the goal condition holds: the hand, hooking
 * the bar, within this distance (m). A sweep that drags a handle along moves on and lets go; a
 * policy that pulls deliberately stays. Held for `HOLD_STEPS`. (drawer-close and door-open have
 * tighter rules of their own.)
 */
export const HAND_ON_HANDLE = 0.06;
/** Cameras whose images policies receive: fixed over the table, and on the hand. */
export const CAMERAS: readonly string[] = Object.freeze(["corner", "gripper"]);
/** Hand start pose of most metaworld tasks. */
export const HAND_INIT: Vec3 = [0, 0.6, 0.2];
/**
 * Hand start pose pulled back toward the robot: button-press's (as MetaWorld), and
 * drawer-close's (not right above the open drawer, as MetaWorld's is).
 */
export const HAND_INIT_BACK: Vec3 = [0, 0.4, 0.2];
/** Where a scene's "home" body positions are, relative to `eval-env/`. */
export const sceneOf = (task: string): string => `scenes/metaworld/${task}/scene.xml`;

/** A body or a site, by id: a task object whose world position the privileged state reports. */
export type Tracked = { readonly body: number } | { readonly site: number };

/** What a metaworld task states itself; `metaworldTask` fills in what every one shares. */
export type MetaworldTaskParts<S extends { goal: Vec3 }> =
  & Omit<TaskSpec<S>, "scene" | "cameras" | "successHold" | "handInit" | "privileged">
  & {
    /** @default HOLD_STEPS */
    readonly successHold?: number;
    /** @default HAND_INIT */
    readonly handInit?: Vec3;
    /**
     * The task objects of the privileged state, by name (e.g. `{ puck: { body: s.puckId } }`);
     * its goal is the episode state's `goal`.
     */
    tracked(state: S): Record<string, Tracked>;
  };

/**
 * A metaworld task's spec: its scene comes from its id (`metaworld/door-open-v4` loads
 * `scenes/metaworld/door_open/scene.xml`), its cameras are `CAMERAS`, its privileged state is
 * where its `tracked` objects are and its goal, and the hold and hand start default to
 * `HOLD_STEPS` and `HAND_INIT`.
 */
export function metaworldTask<S extends { goal: Vec3 }>(parts: MetaworldTaskParts<S>): TaskSpec<S> {
  const { successHold = HOLD_STEPS, handInit = HAND_INIT, tracked, ...rest } = parts;
  const name = /^metaworld\/([a-z-]+)-v\d+$/.exec(parts.id)?.[1];
  if (name === undefined) {
    throw new TypeError(`Cannot define task "${parts.id}": not a metaworld id`);
  }
  return Object.freeze({
    ...rest,
    scene: sceneOf(name.replaceAll("-", "_")),
    cameras: CAMERAS,
    successHold,
    handInit,
    privileged({ sim }: TaskContext, s: S) {
      const objects: Record<string, Vec3> = {};
      for (const [key, t] of Object.entries(tracked(s))) {
        objects[key] = "body" in t ? bodyPos(sim, t.body) : siteAt(sim, t.site);
      }
      return { objects, goal: s.goal };
    },
  });
}

/** Uniform draw inside an axis-aligned box. */
export function drawIn(rng: Rng, low: Readonly<Vec3>, high: Readonly<Vec3>): Vec3 {
  return [rng.range(low[0], high[0]), rng.range(low[1], high[1]), rng.range(low[2], high[2])];
}

/**
 * Position of the `corner` camera in `eval-env/scenes/metaworld/arena.xml` (nominal; domain
 * randomization moves it by at most 1 cm). Layouts keep task objects apart in its view.
 */
export const CORNER_CAMERA_POS: Readonly<Vec3> = Object.freeze([0, 1.75, 1.45]);
/**
 * Least angle (radians) between two task things (object, goal, the hand at reset) seen from
 * the `corner` camera, so that neither hides the other in its view: about the angular radii
 * of the 9 cm goal marker and the 7 cm puck shell at 1.3 m plus the camera's 1° jitter.
 */
export const VIEW_SEPARATION = 0.09;
/** Where the hand and its tool point are at reset (the hand must not hide a task object). */
const HAND_AT_RESET: readonly Readonly<Vec3>[] = [HAND_INIT, [
  HAND_INIT[0],
  HAND_INIT[1],
  HAND_INIT[2] - 0.045,
]];

/** Whether `a` and `b` are at least `min` radians apart as seen from the `corner` camera. */
export function apartInView(a: Readonly<Vec3>, b: Readonly<Vec3>, min = VIEW_SEPARATION): boolean {
  const u = [0, 1, 2].map((i) => a[i] - CORNER_CAMERA_POS[i]);
  const v = [0, 1, 2].map((i) => b[i] - CORNER_CAMERA_POS[i]);
  const cos = (u[0] * v[0] + u[1] * v[1] + u[2] * v[2]) / (Math.hypot(...u) * Math.hypot(...v));
  return Math.acos(Math.min(1, cos)) >= min;
}

/** Whether `p` is clear of the hand (and its tool point) at reset in the `corner` view. */
export function clearOfHandInView(p: Readonly<Vec3>): boolean {
  return HAND_AT_RESET.every((h) => apartInView(p, h));
}

/**
 * Draws an object and a goal position, redrawing both while they are closer than `minXy`
 * in the x-y plane (as MetaWorld does), while one hides the other in the `corner` view, or
 * while the hand at reset hides either (which also keeps a goal away from the resting tool
 * point, so that doing nothing never succeeds).
 */
export function drawObjectAndGoal(
  rng: Rng,
  object: readonly [Readonly<Vec3>, Readonly<Vec3>],
  goal: readonly [Readonly<Vec3>, Readonly<Vec3>],
  minXy: number,
): { object: Vec3; goal: Vec3 } {
  for (let tries = 0;; tries++) {
    const o = drawIn(rng, object[0], object[1]);
    const g = drawIn(rng, goal[0], goal[1]);
    const legible = apartInView(o, g) && clearOfHandInView(o) && clearOfHandInView(g);
    if ((Math.hypot(o[0] - g[0], o[1] - g[1]) >= minXy && legible) || tries >= 1000) {
      return { object: o, goal: g };
    }
  }
}

/** Puts a free-jointed body at rest at `pos` with identity orientation. */
export function placeFree(sim: Sim, joint: string, pos: Readonly<Vec3>): void {
  const { adr, dofAdr } = sim.jointQpos(joint);
  sim.qpos.set([pos[0], pos[1], pos[2], 1, 0, 0, 0], adr);
  sim.qvel.fill(0, dofAdr, dofAdr + 6);
}

/** Moves a mocap body (e.g. the goal marker). */
export function placeMocap(sim: Sim, body: string, pos: Readonly<Vec3>): void {
  sim.mocapPos.set(pos, 3 * sim.mocapId(body));
}

/** World position of a body as a tuple. */
export function bodyPos(sim: Sim, id: number): Vec3 {
  const x = sim.xpos;
  return [x[3 * id], x[3 * id + 1], x[3 * id + 2]];
}

/** World position of a site by id. */
export function siteAt(sim: Sim, id: number): Vec3 {
  const x = sim.siteXpos;
  return [x[3 * id], x[3 * id + 1], x[3 * id + 2]];
}

/** Parameters of MetaWorld's base gripper-caging reward. */
export interface CagingParams {
  objRadius: number;
  padSuccessThresh: number;
  xzThresh: number;
}

/**
 * MetaWorld's base gripper-caging reward, high-density variant: how well the two pads
 * straddle the object in y and the TCP lines up in x-z, times how hard the gripper closes.
 */
export function gripperCaging(
  arm: ArmRig,
  obj: Readonly<Vec3>,
  init: { obj: Readonly<Vec3>; tcp: Readonly<Vec3> },
  grip: number,
  p: CagingParams,
): number {
  const { left, right } = arm.pads();
  const cage = (padY: number): number =>
    tolerance(
      Math.abs(padY - obj[1]),
      [p.objRadius, p.padSuccessThresh],
      Math.abs(Math.abs(padY - init.obj[1]) - p.padSuccessThresh),
    );
  const cagingY = hamacher(cage(left[1]), cage(right[1]));
  const tcp = arm.tcp();
  const cagingXz = tolerance(
    distXz(tcp, obj),
    [0, p.xzThresh],
    distXz(init.obj, init.tcp) - p.xzThresh,
  );
  const closed = Math.min(Math.max(0, grip), 1);
  const caging = hamacher(cagingY, cagingXz);
  const gripping = caging > 0.97 ? closed : 0;
  return (hamacher(caging, gripping) + caging) / 2;
}

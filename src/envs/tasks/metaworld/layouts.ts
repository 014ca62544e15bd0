/**
 * Procedural layouts of the metaworld tasks: where objects, goals, fixtures and distractors
 * go on each seed. Ranges cover the reachable part of the table (the hand target is bounded by
 * `MOCAP_LOW`..`MOCAP_HIGH`), fixtures also turn about z where the task stays solvable, so a
 * scene's geometry can only be known from the images. Every draw comes from the placement
 * generator of the scene seed, in a fixed order: the same seed gives the same scene bit for
 * bit.
 */
import type { Rng } from "../../../core/mod.ts";
import type { Sim } from "../../../sim/mod.ts";
import type { TaskContext, Vec3 } from "../../types.ts";
import {
  apartInView,
  clearOfHandInView,
  drawIn,
  drawObjectAndGoal,
  placeFree,
  placeMocap,
} from "./common.ts";

/** An axis-aligned box to draw a point in, `[low, high]`. */
export type Range3 = readonly [Readonly<Vec3>, Readonly<Vec3>];

/** A fixture's placement: position range and yaw range (radians, about z). */
export interface FixtureLayout {
  pos: Range3;
  yaw: readonly [number, number];
}

/** The table area free objects (pucks, the peg) are put on; z is set per object. */
const TABLE_LOW: Vec3 = [-0.28, 0.5, 0];
const TABLE_HIGH: Vec3 = [0.28, 0.88, 0];

/** Placement ranges per task (documented in docs/tasks.md). */
export const LAYOUTS = Object.freeze(
  {
    reach: {
      /** The puck is a distractor in reach. */
      object: [[-0.28, 0.5, 0.02], [0.28, 0.88, 0.02]] as Range3,
      goal: [[-0.3, 0.5, 0.05], [0.3, 0.9, 0.3]] as Range3,
    },
    push: {
      object: [[-0.22, 0.5, 0.02], [0.22, 0.85, 0.02]] as Range3,
      goal: [[-0.28, 0.5, 0.02], [0.28, 0.88, 0.02]] as Range3,
    },
    pickPlace: {
      object: [[-0.22, 0.5, 0.02], [0.22, 0.85, 0.02]] as Range3,
      goal: [[-0.28, 0.5, 0.05], [0.28, 0.88, 0.3]] as Range3,
    },
    button: {
      pos: [[-0.38, 0.52, 0.115], [0.38, 0.92, 0.115]],
      yaw: [-Math.PI, Math.PI],
    } as FixtureLayout,
    drawer: { pos: [[-0.35, 0.75, 0], [0.35, 0.95, 0]], yaw: [-0.7, 0.7] } as FixtureLayout,
    door: { pos: [[-0.3, 0.7, 0.15], [0.3, 0.95, 0.15]], yaw: [-1.2, 1.2] } as FixtureLayout,
    /** No yaw for the peg or its block: the hand cannot turn the peg (no wrist action). */
    peg: {
      object: [[0, 0.45, 0.015], [0.25, 0.8, 0.015]] as Range3,
      block: [[-0.35, 0.45, 0], [-0.2, 0.85, 0]] as Range3,
    },
    /** Distractors: how many are shown, and their minimum x-y distance to anything else. */
    distractors: { count: [1, 3] as const, clearance: 0.08 },
  } satisfies Record<string, unknown>,
);

/** Distractor clearance (x-y, m) around a fixture's origin: outside its footprint. */
export const FIXTURE_CLEARANCE = 0.22;

/** Moves a static body (no joints) to `pos`, turned by `yaw` about z. */
export function placeStatic(sim: Sim, body: string, pos: Readonly<Vec3>, yaw = 0): void {
  const id = sim.id("body", body);
  sim.modelField("body_pos").set(pos, 3 * id);
  sim.modelField("body_quat").set([Math.cos(yaw / 2), 0, 0, Math.sin(yaw / 2)], 4 * id);
}

/** Draws a fixture pose and applies it to `body`; returns it. */
export function placeFixture(
  sim: Sim,
  rng: Rng,
  body: string,
  layout: FixtureLayout,
): { pos: Vec3; yaw: number } {
  const pos = drawIn(rng, layout.pos[0], layout.pos[1]);
  const yaw = rng.range(layout.yaw[0], layout.yaw[1]);
  placeStatic(sim, body, pos, yaw);
  return { pos, yaw };
}

/** Names of the distractor bodies of `eval-env/props/distractors.xml`. */
export const DISTRACTORS: readonly string[] = Object.freeze([
  "distractor_cube",
  "distractor_cylinder",
  "distractor_capsule",
]);

/**
 * Puts between `count[0]` and `count[1]` distractors on the table, each at least `clearance`
 * (x-y) from `avoid` (default `LAYOUTS.distractors.clearance`) and from each other, and apart
 * from `avoid` and the hand in the `corner` view; the rest go under the table, out of every view.
 * Distractors are static and never collide: they only make the task a perception problem.
 */
export function placeDistractors(
  sim: Sim,
  rng: Rng,
  avoid: readonly Readonly<Vec3>[],
  clearance: number = LAYOUTS.distractors.clearance,
): Vec3[] {
  const { count } = LAYOUTS.distractors;
  const n = rng.int(count[0], count[1]);
  const taken: Readonly<Vec3>[] = [...avoid];
  const placed: Vec3[] = [];
  for (const [i, body] of DISTRACTORS.entries()) {
    let pos: Vec3 = [0, 0.6, -0.5];
    if (i < n) {
      for (let tries = 0; tries < 100; tries++) {
        const p = drawIn(rng, TABLE_LOW, TABLE_HIGH);
        const clear = taken.every((t) => Math.hypot(p[0] - t[0], p[1] - t[1]) >= clearance);
        // nor in front of a task object or behind the hand in the `corner` view
        const visible = clearOfHandInView(p) && avoid.every((t) => apartInView(p, t));
        if (clear && visible) {
          pos = p;
          break;
        }
      }
      taken.push(pos);
      placed.push(pos);
    }
    placeStatic(sim, body, pos, rng.range(-Math.PI, Math.PI));
  }
  return placed;
}

/** Episode state of the puck tasks (reach, push, pick-place). */
export interface PuckState {
  puckId: number;
  goal: Vec3;
  /** Where the puck was at reset. */
  puckInit: Vec3;
  /** Where the tool point was at reset. */
  tcpInit: Vec3;
}

/**
 * Draws the puck and the goal from `layout` (at least 15 cm apart in x-y, as MetaWorld), puts
 * the puck and the goal marker there and distractors around both.
 */
export function placePuckAndGoal(
  { sim, arm }: TaskContext,
  rng: Rng,
  layout: { object: Range3; goal: Range3 },
): PuckState {
  const { object, goal } = drawObjectAndGoal(rng, layout.object, layout.goal, 0.15);
  placeFree(sim, "puck", object);
  placeMocap(sim, "goal", goal);
  placeDistractors(sim, rng, [object, goal]);
  return { puckId: sim.id("body", "puck"), goal, puckInit: object, tcpInit: arm.tcp() };
}

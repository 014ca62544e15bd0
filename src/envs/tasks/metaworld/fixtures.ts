/** Placement helpers of the articulated and insertion tasks (drawer, door, peg). */
import type { Rng } from "../../../core/mod.ts";
import type { Sim } from "../../../sim/mod.ts";
import type { TaskContext, Vec3 } from "../../types.ts";
import { siteAt, type Tracked } from "./common.ts";
import { FIXTURE_CLEARANCE, LAYOUTS, placeDistractors, placeFixture } from "./layouts.ts";

/** Joint travel of the drawer (its range), metres. */
export const DRAWER_TRAVEL = 0.16;

/**
 * drawer-close succeeds only with the hand (the welded frame proprio reports) this close to
 * the handle's front while the drawer is shut, held for `HOLD_STEPS`: the hand that pushed it
 * is still on the bar. (Tighter than `HAND_ON_HANDLE`: a sweep at handle height that happens
 * to push the drawer in stays near the bar longer than one that drags it out.)
 */
export const DRAWER_HAND_ON_HANDLE = 0.03;

/**
 * Where the drawer's handle may be (x-y), shut or fully open: within the hand's reach, and
 * near enough for the arm to push the drawer shut (a shut handle beyond y = 0.75 is not).
 */
export const DRAWER_HANDLE_REACH = Object.freeze({ low: [-0.4, 0.45], high: [0.4, 0.75] });

function inBox(p: Readonly<Vec3>, box: { low: number[]; high: number[] }): boolean {
  return p[0] >= box.low[0] && p[0] <= box.high[0] && p[1] >= box.low[1] && p[1] <= box.high[1];
}

/** Episode state of both drawer tasks. */
export interface DrawerState {
  handleSite: number;
  caseBody: number;
  /** Handle position the task asks for (open or closed). */
  goal: Vec3;
  /** Handle position with the drawer fully open. */
  open: Vec3;
  handleInit: Vec3;
  tcpInit: Vec3;
}

/** The drawer tasks' objects of the privileged state: the handle and the cabinet. */
export function trackDrawer(s: DrawerState): Record<string, Tracked> {
  return { handle: { site: s.handleSite }, case: { body: s.caseBody } };
}

/** Sets a slide or hinge joint at rest at `q`. */
export function setJoint(sim: Sim, joint: string, q: number): void {
  const { adr, dofAdr } = sim.jointQpos(joint);
  sim.qpos[adr] = q;
  sim.qvel[dofAdr] = 0;
}

/** Moves a static body (a body without joints) to `pos`. */
export function moveStatic(sim: Sim, body: string, pos: Readonly<Vec3>): void {
  sim.modelField("body_pos").set(pos, 3 * sim.id("body", body));
}

/**
 * Places the drawer cabinet (position and yaw from `LAYOUTS.drawer`) with distractors around
 * it, sets the drawer at `q` (0 = closed) and returns the state with `goal` = the closed
 * handle and `open` = the fully open one.
 */
export function placeDrawer({ sim, arm }: TaskContext, rng: Rng, q: number): DrawerState {
  const handleSite = sim.id("site", "handle");
  let pos: Vec3, open: Vec3, goal: Vec3;
  // redraw the cabinet until the hand can work the handle from shut to fully open
  for (let tries = 0;; tries++) {
    pos = placeFixture(sim, rng, "drawer_case", LAYOUTS.drawer).pos;
    setJoint(sim, "drawer", -DRAWER_TRAVEL);
    sim.kinematics();
    open = siteAt(sim, handleSite);
    setJoint(sim, "drawer", 0);
    sim.kinematics();
    goal = siteAt(sim, handleSite);
    if ((inBox(open, DRAWER_HANDLE_REACH) && inBox(goal, DRAWER_HANDLE_REACH)) || tries >= 100) {
      break;
    }
  }
  placeDistractors(sim, rng, [pos], FIXTURE_CLEARANCE);
  setJoint(sim, "drawer", q);
  sim.kinematics();
  return {
    handleSite,
    caseBody: sim.id("body", "drawer_case"),
    goal,
    open,
    handleInit: siteAt(sim, handleSite),
    tcpInit: arm.tcp(),
  };
}

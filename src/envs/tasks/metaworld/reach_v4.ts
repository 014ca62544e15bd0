import type { Vec3 } from "../../types.ts";
import { dist, tolerance } from "../../rewards.ts";
import {
  bodyPos,
  drawObjectAndGoal,
  HAND_INIT,
  HOLD_PASS_THROUGH,
  metaworldTask,
  placeFree,
  placeMocap,
  STEP_BUDGET,
} from "./common.ts";
import { LAYOUTS, placeDistractors } from "./layouts.ts";

interface ReachState {
  goal: Vec3;
  margin: number;
}

/** Success radius around the goal (TCP distance). */
const SUCCESS_RADIUS = 0.05;

/** Move the gripper's fingertip point to a goal point in the air (MetaWorld reach-v3). */
export const REACH_V4 = metaworldTask<ReachState>({
  id: "metaworld/reach-v4",
  description: "Move the fingertips to a green goal point above the table",
  episodeSteps: STEP_BUDGET.reach,
  successHold: HOLD_PASS_THROUGH,
  reset({ sim }, rng) {
    const { object, goal } = drawObjectAndGoal(rng, LAYOUTS.reach.object, LAYOUTS.reach.goal, 0.15);
    placeFree(sim, "puck", object);
    placeMocap(sim, "goal", goal);
    placeDistractors(sim, rng, [object, goal]);
    return { goal, margin: dist(HAND_INIT, goal) };
  },
  privileged({ sim }, s) {
    return { objects: { puck: bodyPos(sim, sim.id("body", "puck")) }, goal: s.goal };
  },
  evaluate({ arm }, s) {
    const d = dist(arm.tcp(), s.goal);
    const inPlace = tolerance(d, [0, SUCCESS_RADIUS], s.margin);
    return { reward: inPlace, success: d <= SUCCESS_RADIUS, terms: { inPlace, tcpToGoal: d } };
  },
});

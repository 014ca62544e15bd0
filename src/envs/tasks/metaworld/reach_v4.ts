import { dist, tolerance } from "../../rewards.ts";
import { HAND_INIT, HOLD_PASS_THROUGH, metaworldTask, STEP_BUDGET } from "./common.ts";
import { LAYOUTS, placePuckAndGoal, type PuckState } from "./layouts.ts";

/** The puck is only a distractor here; `margin` is the reward's, the goal's distance at reset. */
type ReachState = PuckState & { margin: number };

/** Success radius around the goal (TCP distance). */
const SUCCESS_RADIUS = 0.05;

/** Move the gripper's fingertip point to a goal point in the air (MetaWorld reach-v3). */
export const REACH_V4 = metaworldTask<ReachState>({
  id: "metaworld/reach-v4",
  description: "Move the fingertips to a green goal point above the table",
  episodeSteps: STEP_BUDGET.reach,
  successHold: HOLD_PASS_THROUGH,
  reset(ctx, rng) {
    const s = placePuckAndGoal(ctx, rng, LAYOUTS.reach);
    return { ...s, margin: dist(HAND_INIT, s.goal) };
  },
  tracked: (s) => ({ puck: { body: s.puckId } }),
  evaluate({ arm }, s) {
    const d = dist(arm.tcp(), s.goal);
    const inPlace = tolerance(d, [0, SUCCESS_RADIUS], s.margin);
    return { reward: inPlace, success: d <= SUCCESS_RADIUS, terms: { inPlace, tcpToGoal: d } };
  },
});

import { dist, tolerance } from "../../rewards.ts";
import { bodyPos, gripperCaging, metaworldTask, STEP_BUDGET } from "./common.ts";
import { LAYOUTS, placePuckAndGoal, type PuckState } from "./layouts.ts";

/** Success radius of the puck around the target. */
const SUCCESS_RADIUS = 0.05;

/** Slide the puck on the table to a target spot (MetaWorld push-v3). */
export const PUSH_V4 = metaworldTask<PuckState>({
  id: "metaworld/push-v4",
  description: "Push the puck across the table to the green target spot",
  episodeSteps: STEP_BUDGET.push,
  reset: (ctx, rng) => placePuckAndGoal(ctx, rng, LAYOUTS.push),
  tracked: (s) => ({ puck: { body: s.puckId } }),
  evaluate({ sim, arm }, s, action) {
    const puck = bodyPos(sim, s.puckId);
    const tcpToObj = dist(puck, arm.tcp());
    const d = dist(puck, s.goal);
    const inPlace = tolerance(d, [0, SUCCESS_RADIUS], dist(s.puckInit, s.goal));
    const grasp = gripperCaging(arm, puck, { obj: s.puckInit, tcp: s.tcpInit }, action[3], {
      objRadius: 0.015,
      padSuccessThresh: 0.05,
      xzThresh: 0.005,
    });
    let reward = 2 * grasp;
    if (tcpToObj < 0.02 && arm.opening() > 0) reward = 1 + 4 * grasp + 5 * inPlace;
    if (d < SUCCESS_RADIUS) reward = 10;
    return {
      reward: reward / 10,
      success: d <= SUCCESS_RADIUS,
      terms: { grasp, inPlace, objToTarget: d, tcpToObj },
    };
  },
});

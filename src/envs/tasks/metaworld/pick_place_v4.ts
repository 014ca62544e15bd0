import type { Vec3 } from "../../types.ts";
import { dist, distXz, hamacher, tolerance } from "../../rewards.ts";
import { bodyPos, HOLD_PASS_THROUGH, metaworldTask, STEP_BUDGET } from "./common.ts";
import { LAYOUTS, placePuckAndGoal, type PuckState } from "./layouts.ts";

/** Where the pads were at reset, too: the caging reward measures from there. */
type PickPlaceState = PuckState & { leftPadInit: Vec3; rightPadInit: Vec3 };

/** Reward radius; success uses the looser `SUCCESS_RADIUS`, as MetaWorld does. */
const TARGET_RADIUS = 0.05;
const SUCCESS_RADIUS = 0.07;

/** Pick the puck up and hold it at a goal point in the air (MetaWorld pick-place-v3). */
export const PICK_PLACE_V4 = metaworldTask<PickPlaceState>({
  id: "metaworld/pick-place-v4",
  description: "Grasp the puck, lift it and hold it at the green goal point in the air",
  episodeSteps: STEP_BUDGET.pickPlace,
  successHold: HOLD_PASS_THROUGH,
  reset(ctx, rng) {
    const s = placePuckAndGoal(ctx, rng, LAYOUTS.pickPlace);
    const { left, right } = ctx.arm.pads();
    return { ...s, leftPadInit: left, rightPadInit: right };
  },
  tracked: (s) => ({ puck: { body: s.puckId } }),
  evaluate({ sim, arm }, s, action) {
    const puck = bodyPos(sim, s.puckId);
    const tcp = arm.tcp();
    const { left, right } = arm.pads();
    // Signed pad offsets: the pads must be on either side of the puck.
    const side = (offset: number, padInitY: number): number =>
      tolerance(offset, [0.015, 0.05], Math.abs(Math.abs(puck[1] - padInitY) - 0.05));
    const cagingY = hamacher(
      side(left[1] - puck[1], s.leftPadInit[1]),
      side(puck[1] - right[1], s.rightPadInit[1]),
    );
    const cagingXz = tolerance(
      distXz(tcp, puck),
      [0, 0.005],
      distXz(s.puckInit, s.tcpInit) - 0.005,
    );
    const caging = hamacher(cagingY, cagingXz);
    const gripping = caging > 0.97 ? Math.min(Math.max(action[3], 0), 1) : 0;
    const grasp = (hamacher(caging, gripping) + caging) / 2;

    const d = dist(puck, s.goal);
    const inPlace = tolerance(d, [0, TARGET_RADIUS], dist(s.puckInit, s.goal));
    const tcpToObj = dist(puck, tcp);
    const lifted = tcpToObj < 0.02 && arm.opening() > 0 && puck[2] - 0.01 > s.puckInit[2];
    let reward = hamacher(grasp, inPlace);
    if (lifted) reward += 1 + 5 * inPlace;
    if (d < TARGET_RADIUS) reward = 10;
    return {
      reward: reward / 10,
      success: d <= SUCCESS_RADIUS,
      terms: { grasp, inPlace, lifted: lifted ? 1 : 0, objToTarget: d, tcpToObj },
    };
  },
});

import type { Vec3 } from "../../types.ts";
import { dist, hamacher, tolerance } from "../../rewards.ts";
import {
  bodyPos,
  drawObjectAndGoal,
  gripperCaging,
  metaworldTask,
  placeFree,
  siteAt,
  STEP_BUDGET,
} from "./common.ts";
import { moveStatic } from "./fixtures.ts";
import { LAYOUTS, placeDistractors } from "./layouts.ts";

interface PegState {
  pegBody: number;
  headSite: number;
  holeSite: number;
  /** 6.6 cm inside the hole, on its axis. */
  goal: Vec3;
  block: Vec3;
  pegInit: Vec3;
  headInit: Vec3;
  tcpInit: Vec3;
}

/** Success radius of the (1, 2, 2)-weighted distance of the peg head to the goal. */
const SUCCESS_RADIUS = 0.07;

/** 1 outside the box `zero`..`one`; inside, the product of the normalized coordinates. */
function rectPrism(p: Readonly<Vec3>, zero: Readonly<Vec3>, one: Readonly<Vec3>): number {
  let v = 1;
  for (let k = 0; k < 3; k++) {
    const lo = Math.min(zero[k], one[k]);
    const hi = Math.max(zero[k], one[k]);
    if (p[k] < lo || p[k] > hi) return 1;
    v *= (p[k] - zero[k]) / (one[k] - zero[k]);
  }
  return v;
}

function weighted(a: Readonly<Vec3>, b: Readonly<Vec3>): number {
  return Math.hypot(a[0] - b[0], 2 * (a[1] - b[1]), 2 * (a[2] - b[2]));
}

/**
 * Insert a peg sideways into the hole of a block (MetaWorld peg-insert-side-v3). As in
 * MetaWorld, success needs the peg head at the hole's mouth, centred; the head is 2 cm
 * behind the peg's tip.
 */
export const PEG_INSERT_V4 = metaworldTask<PegState>({
  id: "metaworld/peg-insert-v4",
  description: "Pick up the peg and insert it sideways into the hole of the block",
  episodeSteps: STEP_BUDGET.pegInsert,
  reset({ sim, arm }, rng) {
    const { object: peg, goal: block } = drawObjectAndGoal(
      rng,
      LAYOUTS.peg.object,
      LAYOUTS.peg.block,
      0.1,
    );
    placeFree(sim, "peg", peg);
    moveStatic(sim, "peg_block", block);
    placeDistractors(
      sim,
      rng,
      [peg, [peg[0] - 0.1, peg[1], 0], [block[0] + 0.05, block[1], 0]],
      0.12,
    );
    sim.kinematics();
    const headSite = sim.id("site", "peg_head");
    return {
      pegBody: sim.id("body", "peg"),
      headSite,
      holeSite: sim.id("site", "hole"),
      goal: [block[0] + 0.03, block[1], block[2] + 0.13],
      block,
      pegInit: peg,
      headInit: siteAt(sim, headSite),
      tcpInit: arm.tcp(),
    };
  },
  tracked: (s) => ({
    peg: { body: s.pegBody },
    head: { site: s.headSite },
    hole: { site: s.holeSite },
  }),
  evaluate({ sim, arm }, s, action) {
    const peg = bodyPos(sim, s.pegBody);
    const head = siteAt(sim, s.headSite);
    const tcp = arm.tcp();
    const tcpToObj = dist(peg, tcp);
    const d = weighted(head, s.goal);
    const b = s.block;
    // Penalty boxes in front of the block face, below and above the hole.
    const below = rectPrism(head, [b[0] + 0.11, b[1] - 0.1, b[2] + 0.01], [
      b[0] + 0.15,
      b[1] + 0.1,
      b[2] + 0.096,
    ]);
    const above = rectPrism(head, [b[0] + 0.11, b[1] - 0.1, b[2] + 0.16], [
      b[0] + 0.17,
      b[1] + 0.1,
      b[2] + 0.19,
    ]);
    const inPlace = hamacher(
      tolerance(d, [0, SUCCESS_RADIUS], weighted(s.headInit, s.goal)),
      hamacher(above, below),
    );
    const lifted = tcpToObj < 0.08 && arm.opening() > 0 && peg[2] - 0.01 > s.pegInit[2];
    const grasp = lifted
      ? 1
      : gripperCaging(arm, peg, { obj: s.pegInit, tcp: s.tcpInit }, action[3], {
        objRadius: 0.0075,
        padSuccessThresh: 0.03,
        xzThresh: 0.005,
      });
    let reward = hamacher(grasp, inPlace);
    if (lifted) reward += 1 + 5 * inPlace;
    const success = d <= SUCCESS_RADIUS;
    if (success) reward = 10;
    return {
      reward: reward / 10,
      success,
      terms: { grasp, inPlace, lifted: lifted ? 1 : 0, objToTarget: d, tcpToObj },
    };
  },
});

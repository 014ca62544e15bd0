/**
 * Scripted expert policies for the metaworld tasks. They read privileged simulator state
 * (object and goal positions), never images, and are stateless: the action is a function of
 * the current state, as in MetaWorld's scripted policies. Targets are for the hand point.
 */
import { distXy } from "../rewards.ts";
import { CLOSE, goal, move, object, OPEN, type Oracle } from "./common.ts";

export type { Oracle } from "./common.ts";

/** The TCP is this far below the hand. */
const TCP_DROP = 0.045;

/** reach: put the TCP on the goal. */
export const reachOracle: Oracle = (s) => {
  const g = goal(s);
  return [...move(s.hand, [g[0], g[1], g[2] + TCP_DROP], 10), OPEN];
};

/** push: hover over the puck, descend around it, close gently and slide it to the target. */
export const pushOracle: Oracle = (s) => {
  const puck = object(s, "puck");
  const g = goal(s);
  const xyErr = distXy(s.hand, puck);
  const low = s.hand[2] - puck[2] < 0.04;
  const GRIP = 0.6;
  if (low && s.gripper < 0.6 && xyErr < 0.04) {
    return [...move(s.hand, [g[0], g[1], puck[2] + 0.03], 10), GRIP];
  }
  if (low && xyErr <= 0.02) return [0, 0, 0, GRIP];
  if (low) return [...move(s.hand, [s.hand[0], s.hand[1], 0.2], 10), OPEN];
  if (xyErr > 0.02) return [...move(s.hand, [puck[0], puck[1], 0.2], 10), OPEN];
  return [...move(s.hand, [puck[0], puck[1], puck[2] + 0.03], 10), OPEN];
};

/** pick-place: descend around the puck, close, wait for the grip, carry it to the goal. */
export const pickPlaceOracle: Oracle = (s) => {
  const puck = object(s, "puck");
  const g = goal(s);
  const xyErr = distXy(s.hand, puck);
  const low = s.hand[2] - puck[2] < 0.045;
  if (xyErr > 0.02 && !low) return [...move(s.hand, [puck[0], puck[1], puck[2] + 0.1], 10), OPEN];
  if (xyErr > 0.02) return [...move(s.hand, [s.hand[0], s.hand[1], puck[2] + 0.1], 10), OPEN];
  if (!low) return [...move(s.hand, [puck[0], puck[1], puck[2] + 0.03], 10), OPEN];
  if (s.gripper > 0.6) return [0, 0, 0, CLOSE];
  return [...move(s.hand, [g[0], g[1], g[2] + 0.03], 10), CLOSE];
};

/** button-press (top-down): line up above the cap with closed fingers and push down. */
export const buttonPressOracle: Oracle = (s) => {
  const button = object(s, "button");
  if (distXy(s.hand, button) > 0.02) {
    return [...move(s.hand, [button[0], button[1], button[2] + 0.1], 25), CLOSE];
  }
  return [...move(s.hand, [button[0], button[1], button[2] - 0.02], 25), CLOSE];
};

/** Oracles by env id. */
export const METAWORLD_ORACLES: Readonly<Record<string, Oracle>> = Object.freeze({
  "metaworld/reach-v4": reachOracle,
  "metaworld/push-v4": pushOracle,
  "metaworld/pick-place-v4": pickPlaceOracle,
  "metaworld/button-press-v4": buttonPressOracle,
});

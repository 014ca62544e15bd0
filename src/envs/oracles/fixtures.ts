/**
 * Scripted expert policies for the drawer, door and peg tasks (privileged state in, action
 * out; stateless, like `metaworld.ts`). Targets are for the hand point.
 */
import { dist, distXy } from "../rewards.ts";
import type { PrivilegedState, Vec3 } from "../types.ts";
import { CLOSE, goal, move, object, OPEN, type Oracle } from "./common.ts";

/** Like `move`, but scaled as a whole, so the hand heads straight at the target. */
function straight(hand: Readonly<Vec3>, target: Readonly<Vec3>, gain: number): number[] {
  const v = [0, 1, 2].map((k) => gain * (target[k] - hand[k]));
  const m = Math.max(1, ...v.map(Math.abs));
  return v.map((x) => x / m);
}

/** Unit x-y vector from the drawer case to its handle: out of the drawer front. */
function outward(s: PrivilegedState): [number, number] {
  const h = object(s, "handle");
  const c = object(s, "case");
  const n = Math.hypot(h[0] - c[0], h[1] - c[1]);
  return [(h[0] - c[0]) / n, (h[1] - c[1]) / n];
}

/** `p` moved `d` metres along the x-y unit vector `u` (and `dz` up). */
function along(p: Readonly<Vec3>, u: readonly [number, number], d: number, dz = 0): Vec3 {
  return [p[0] + d * u[0], p[1] + d * u[1], p[2] + dz];
}

/**
 * drawer-open: come down with open fingers just outside the bar (the inner finger between
 * bar and drawer front) and pull straight out; the finger hooks the bar. Works in the
 * drawer's own frame, whatever the cabinet's yaw.
 */
export const drawerOpenOracle: Oracle = (s) => {
  const u = outward(s);
  const at = along(object(s, "handle"), u, 0.01, -0.02);
  const hand = s.hand;
  const xyErr = distXy(hand, at);
  if (hand[2] < at[2] + 0.03) {
    if (xyErr > 0.04) return [...move(hand, [hand[0], hand[1], at[2] + 0.12], 10), OPEN];
    // Pull to just past the open position (not on into the end of the slide's travel).
    return [...straight(hand, along([goal(s)[0], goal(s)[1], at[2]], u, 0.02), 10), OPEN];
  }
  if (xyErr > 0.01) {
    return [...move(hand, [at[0], at[1], Math.max(hand[2], at[2] + 0.1)], 10), OPEN];
  }
  return [...move(hand, at, 10), OPEN];
};

/**
 * drawer-close: go over to the front of the handle high up, come down in front of it with
 * closed fingers and push it in until the drawer is shut.
 */
export const drawerCloseOracle: Oracle = (s) => {
  const h = object(s, "handle");
  const u = outward(s);
  const g = goal(s);
  const hand = s.hand;
  const z = h[2] + 0.01;
  const front = along([h[0], h[1], z], u, 0.05);
  const out = (hand[0] - h[0]) * u[0] + (hand[1] - h[1]) * u[1];
  const side = Math.abs((hand[0] - h[0]) * u[1] - (hand[1] - h[1]) * u[0]);
  if (hand[2] < z + 0.05) {
    if (out > 0.005 && side < 0.03) {
      // Come down to bar height first, then push straight in along the drawer's axis.
      if (hand[2] > z + 0.015) return [...move(hand, [hand[0], hand[1], z], 10), CLOSE];
      return [...straight(hand, along([g[0], g[1], z], u, -0.01), 10), CLOSE];
    }
    return [...move(hand, [hand[0], hand[1], 0.25], 10), CLOSE];
  }
  if (distXy(hand, front) > 0.015) return [...move(hand, [front[0], front[1], 0.25], 10), CLOSE];
  return [...move(hand, front, 10), CLOSE];
};

/**
 * Hand height over the handle (m) while the oracle moves across to above it: the fingertips, 4.5 cm
 * below the hand, then clear the top of the door leaf (13 cm over the handle); a lower path
 * knocked the door open before the hand was in the handle.
 */
const OVER_DOOR = 0.2;

/**
 * door-open: with closed fingers, come down between the handle bar and the door leaf, then
 * pull the grip point around the hinge (a target a fixed angle ahead on its circle).
 */
export const doorOpenOracle: Oracle = (s) => {
  const grip = object(s, "grip");
  const hinge = object(s, "hinge");
  const hand = s.hand;
  const xyErr = distXy(hand, grip);
  if (hand[2] > grip[2] + 0.04) {
    if (xyErr > 0.012) return [...move(hand, [grip[0], grip[1], grip[2] + OVER_DOOR], 10), CLOSE];
    return [...move(hand, grip, 10), CLOSE];
  }
  if (xyErr > 0.05) return [...move(hand, [hand[0], hand[1], grip[2] + OVER_DOOR], 10), CLOSE];
  const AHEAD = -0.35;
  const rx = grip[0] - hinge[0];
  const ry = grip[1] - hinge[1];
  const c = Math.cos(AHEAD);
  const sn = Math.sin(AHEAD);
  const target: Vec3 = [hinge[0] + c * rx - sn * ry, hinge[1] + sn * rx + c * ry, grip[2]];
  return [...move(hand, target, 10), CLOSE];
};

/**
 * peg-insert: grasp the peg near its middle, lift it to the hole's height in front of the
 * block, line the head up with the hole axis, then slide it in along -x.
 */
export const pegInsertOracle: Oracle = (s) => {
  const peg = object(s, "peg");
  const head = object(s, "head");
  const hole = object(s, "hole");
  const g = goal(s);
  const hand = s.hand;
  const grasp: Vec3 = [peg[0] + 0.02, peg[1], peg[2]];
  const xyErr = distXy(hand, grasp);
  const rel = hand[2] - peg[2];
  const holding = s.gripper < 0.5 && s.gripper > 0.3 && xyErr < 0.03 && rel > 0 && rel < 0.05;
  if (holding) {
    const inside = head[0] < hole[0] + 0.005;
    const aligned = Math.abs(head[1] - hole[1]) < 0.008 && Math.abs(head[2] - hole[2]) < 0.008;
    const want: Vec3 = inside || aligned
      ? [g[0] - 0.03, hole[1], hole[2]]
      : [hole[0] + 0.05, hole[1], hole[2]];
    const target: Vec3 = [
      hand[0] + want[0] - head[0],
      hand[1] + want[1] - head[1],
      hand[2] + want[2] - head[2],
    ];
    return [...move(hand, target, 10), CLOSE];
  }
  if (s.gripper <= 0.3 || (s.gripper < 0.9 && dist(hand, grasp) > 0.06)) {
    // Closed on nothing, or the peg slipped away: open and back off upward.
    return [...move(hand, [hand[0], hand[1], peg[2] + 0.12], 10), OPEN];
  }
  if (xyErr > 0.012) {
    if (rel < 0.06) return [...move(hand, [hand[0], hand[1], peg[2] + 0.12], 10), OPEN];
    return [...move(hand, [grasp[0], grasp[1], peg[2] + 0.12], 10), OPEN];
  }
  if (rel > 0.035) return [...move(hand, grasp, 10), OPEN];
  return [...move(hand, [grasp[0], grasp[1], hand[2]], 10), CLOSE];
};

/** Oracles by env id. */
export const FIXTURE_ORACLES: Readonly<Record<string, Oracle>> = Object.freeze({
  "metaworld/drawer-open-v4": drawerOpenOracle,
  "metaworld/drawer-close-v4": drawerCloseOracle,
  "metaworld/door-open-v4": doorOpenOracle,
  "metaworld/peg-insert-v4": pegInsertOracle,
});

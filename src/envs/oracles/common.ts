/** What every scripted expert (oracle) shares: its type, the gripper commands and state reads. */
import { clamp } from "../rewards.ts";
import type { PrivilegedState, Vec3 } from "../types.ts";

/** A scripted policy: privileged state in, `[dx, dy, dz, grip]` out. */
export type Oracle = (state: PrivilegedState) => number[];

/** Gripper command: fingers open. */
export const OPEN = -1;
/** Gripper command: fingers closed. */
export const CLOSE = 1;

/** Proportional move toward `target` (the env clips to 1 cm per step). */
export function move(
  hand: Readonly<Vec3>,
  target: Readonly<Vec3>,
  gain: number,
): [number, number, number] {
  return [
    clamp(gain * (target[0] - hand[0]), -1, 1),
    clamp(gain * (target[1] - hand[1]), -1, 1),
    clamp(gain * (target[2] - hand[2]), -1, 1),
  ];
}

/** A named object's position from the state, or a clear error. */
export function object(s: PrivilegedState, name: string): Vec3 {
  const o = s.objects[name];
  if (o === undefined) throw new TypeError(`Cannot run oracle: no object "${name}" in state`);
  return o;
}

/** The goal from the state, or a clear error. */
export function goal(s: PrivilegedState): Vec3 {
  if (s.goal === null) throw new TypeError("Cannot run oracle: the task has no goal");
  return s.goal;
}

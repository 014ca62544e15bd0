import type { MinerErrorCode } from "../../errors/mod.ts";
import type { Action } from "./miner.ts";

/** Default number of missed `/act` calls an episode tolerates; one more ends it. */
export const DEFAULT_MAX_MISSED_ACTS = 25;

/** Default number of misses in a row that ends an episode. */
export const DEFAULT_MAX_CONSECUTIVE_MISSES = 5;

/** Grip command in force before the first action: the gripper starts open. */
export const DEFAULT_INITIAL_GRIP = -1;

/** Options of {@link createMissState}. */
export interface MissPolicyOptions {
  /** Misses tolerated per episode; the next one ends it. @default 25 */
  maxMissedActs?: number;
  /** Misses in a row that end the episode. @default 5 */
  maxConsecutiveMisses?: number;
  /** Grip held if the very first `/act` is missed. @default -1 (open) */
  initialGrip?: number;
}

/** State of the miss policy during one episode. Never mutated; each step returns a new one. */
export interface MissState {
  readonly maxMissedActs: number;
  readonly maxConsecutiveMisses: number;
  /** Misses so far. */
  readonly misses: number;
  /** Misses since the last good action. */
  readonly consecutive: number;
  /** Grip of the last good action (or the initial grip). */
  readonly grip: number;
  /** Code of the most recent miss, if any. */
  readonly lastMiss: MinerErrorCode | null;
  /** Set once the episode has ended on misses: the code of the miss that ended it. */
  readonly ended: MinerErrorCode | null;
}

/** What one `/act` call gave: a checked action, or a miss with its code. */
export type ActOutcome =
  | { ok: true; action: Action }
  | { ok: false; code: MinerErrorCode };

/** Result of {@link stepMissPolicy}. */
export interface MissStep {
  state: MissState;
  /** The action to apply to the environment: the miner's, or a hold after a miss. */
  action: Action;
  /** Whether this step was a miss. */
  missed: boolean;
  /** The code the episode ends with, when this miss ended it; the caller stops stepping. */
  ended: MinerErrorCode | null;
}

/**
 * Starts the miss policy of miner protocol v1 for one episode.
 *
 * @throws {RangeError} when a limit is not a non-negative integer
 */
export function createMissState(options: MissPolicyOptions = {}): MissState {
  const maxMissedActs = options.maxMissedActs ?? DEFAULT_MAX_MISSED_ACTS;
  const maxConsecutiveMisses = options.maxConsecutiveMisses ?? DEFAULT_MAX_CONSECUTIVE_MISSES;
  for (
    const [name, v] of [["maxMissedActs", maxMissedActs], [
      "maxConsecutiveMisses",
      maxConsecutiveMisses,
    ]] as const
  ) {
    if (!Number.isInteger(v) || v < 0) {
      throw new RangeError(`Cannot start the miss policy: "${name}" is "${v}"`);
    }
  }
  return {
    maxMissedActs,
    maxConsecutiveMisses,
    misses: 0,
    consecutive: 0,
    grip: options.initialGrip ?? DEFAULT_INITIAL_GRIP,
    lastMiss: null,
    ended: null,
  };
}

/**
 * Applies one `/act` outcome. A good action resets the run of misses and is applied as is.
 * A miss holds: no motion and the previous grip. More than `maxMissedActs` misses, or
 * `maxConsecutiveMisses` in a row, ends the episode with the code of that last miss.
 *
 * @throws {RangeError} when the episode has already ended
 *
 * @example Two good steps, then five misses in a row end the episode
 * ```ts
 * import assert from "node:assert/strict";
 * import { createMissState, stepMissPolicy } from "./mod.ts";
 *
 * let state = createMissState();
 * let step = stepMissPolicy(state, { ok: true, action: [0.5, 0, 0, 1] });
 * assert.deepEqual(step.action, [0.5, 0, 0, 1]);
 * for (let i = 0; i < 5; i++) {
 *   step = stepMissPolicy(step.state, { ok: false, code: "miner_timeout" });
 *   assert.deepEqual(step.action, [0, 0, 0, 1]); // hold: no motion, previous grip
 * }
 * assert.equal(step.ended, "miner_timeout");
 * ```
 */
export function stepMissPolicy(state: MissState, outcome: ActOutcome): MissStep {
  if (state.ended !== null) {
    throw new RangeError(`Cannot step the miss policy: the episode ended with "${state.ended}"`);
  }
  if (outcome.ok) {
    const next = { ...state, consecutive: 0, grip: outcome.action[3] };
    return { state: next, action: outcome.action, missed: false, ended: null };
  }
  const misses = state.misses + 1;
  const consecutive = state.consecutive + 1;
  const ended = misses > state.maxMissedActs || consecutive >= state.maxConsecutiveMisses
    ? outcome.code
    : null;
  const next: MissState = { ...state, misses, consecutive, lastMiss: outcome.code, ended };
  return { state: next, action: holdAction(state.grip), missed: true, ended };
}

/** The action applied after a miss: no motion, same grip. */
export function holdAction(grip: number): Action {
  return [0, 0, 0, grip];
}

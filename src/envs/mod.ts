/**
 * Environments: the task registry, the `Env` API (Gymnasium semantics with named fields),
 * the Arm7 rig every task controls, task specs, oracles and built-in policies.
 *
 * - `makeEnv(id, options)` -> `Env`; `env.reset({ seed })` -> `{ observation, info, state }`;
 *   `env.step(action)` -> `{ observation, reward, terminated, truncated, info, state }`.
 *   `observation.proprio` is `[ee_x, ee_y, ee_z, gripper]`; `state` is privileged
 *   (object/goal positions) and never leaves the server.
 * - Control: `[dx, dy, dz, grip]` clipped to [-1, 1]; xyz move the hand target by up to 1 cm
 *   (`ACTION_SCALE`) within `MOCAP_LOW`..`MOCAP_HIGH`; grip +1 closes, -1 opens; 5 substeps of
 *   2.5 ms per step; 500 steps; success is sticky and terminates the episode. Rewards are
 *   MetaWorld's v2 rewards divided by 10, in [0, 1].
 * - Extending: write `tasks/<family>/<task>_v4.ts` exporting a frozen `TaskSpec`, an oracle
 *   (`oracles/`), and call `registerTask(spec, { oracle })` in `registry.ts`. Tasks place
 *   objects with `placeFree`/`placeMocap`/`sim.modelField("body_pos")` and read the robot
 *   through `ArmRig`.
 * - Hooks: `EnvOptions.render(snapshot)` fills `observation.images`; `EnvOptions.randomize`
 *   is called on every reset with the nominal model and a generator forked from the scene
 *   seed, independent of the placement draws (domain randomization; the nominal model is
 *   restored first, so seed S gets the same values whatever ran before). On by default
 *   (`domainRandomization()`: friction, masses, damping, gripper gain, colours, lights,
 *   `corner` camera pose); `randomize: false` turns it off. The drawn values are in the
 *   reset's `info.randomization` (server-side only).
 *
 * Imports `core/`, `errors/` and `sim/`.
 *
 * @module
 */
export { ACTION_SCALE, ArmRig, MOCAP_HIGH, MOCAP_LOW, SUBSTEPS } from "./arm.ts";
export { Env, type ResetOptions } from "./env.ts";
export {
  getOracle,
  getTask,
  listEnvs,
  makeEnv,
  type RegisterOptions,
  registerTask,
  RETIRED_ENV_IDS,
} from "./registry.ts";
export { METAWORLD_ORACLES, type Oracle } from "./oracles/metaworld.ts";
export { createPolicy, type Policy, type PolicyKind } from "./policies.ts";
export {
  type EpisodeSummary,
  runEpisode,
  type RunEpisodeOptions,
  type StepRecord,
} from "./rollout.ts";
export {
  DEFAULT_RANDOMIZATION,
  domainRandomization,
  type RandomizationRanges,
} from "./randomization.ts";
export { clamp, dist, distXy, distXz, hamacher, type Sigmoid, tolerance } from "./rewards.ts";
// every export of types.ts (observations, actions, task specs and their parts) is public
export type * from "./types.ts";
export {
  auditEnv,
  type AuditOptions,
  type AuditResult,
  type AuditRow,
  type BlindPolicy,
  runBlind,
  sweepPolicies,
} from "./audit/mod.ts";

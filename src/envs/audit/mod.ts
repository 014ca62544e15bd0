/**
 * The blind-policy audit: policies that never read an image (proprio-only sweeps, best-of-N
 * oracle replay, the mean oracle trajectory) run on a task's fresh seeds beside the oracle and
 * the random policy. A task is sound when every blind policy stays near zero.
 *
 * @module
 */
export { auditEnv, type AuditOptions, type AuditResult, type AuditRow, runBlind } from "./audit.ts";
export {
  type BlindPolicy,
  rasterPath,
  spiralPath,
  SWEEP_VOLUME,
  sweepPolicies,
  waypointPolicy,
} from "./sweeps.ts";
export { meanActions, type Recording, recordOracle, replayPolicy } from "./replay.ts";

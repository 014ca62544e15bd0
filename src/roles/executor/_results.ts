import {
  cleanText,
  type EpisodeResultCode,
  type LeasedTask,
  type TaskResult,
} from "../../core/wire/mod.ts";
import type { EpisodeResult } from "./types.ts";

/** The result of an episode that ended before its first step (setup failed, executor crashed). */
export function unstartedResult(
  code: EpisodeResultCode,
  error: string,
  wallMs: number,
): EpisodeResult {
  return {
    code,
    success: false,
    steps: 0,
    reward: 0,
    missedActs: 0,
    latencyP50Ms: null,
    latencyP99Ms: null,
    wallMs,
    minerMs: 0,
    fingerprint: null,
    error,
    aborted: false,
  };
}

/** The wire form of `r`, keyed by `task`'s lease (an aborted episode is submitted as ours). */
export function toWireResult(task: LeasedTask, r: EpisodeResult): TaskResult {
  return {
    "task_id": task.task_id,
    "lease_id": task.lease_id,
    code: r.aborted ? "infra_error" : r.code,
    steps: r.steps,
    reward: r.reward,
    "missed_acts": r.missedActs,
    "latency_p50_ms": r.latencyP50Ms,
    "latency_p99_ms": r.latencyP99Ms,
    "wall_ms": r.wallMs,
    error: r.error === null ? null : cleanText(r.error, 2000),
    ...(r.replay && !r.aborted ? { replay: r.replay } : {}),
    fingerprint: r.fingerprint,
    renderer: r.renderer ?? null,
    runtime: r.runtime ?? null,
    "model_sha256": r.modelSha256 ?? null,
    "action_digest": r.actionDigest ?? null,
  };
}

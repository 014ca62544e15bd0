import {
  type ClaimedTask,
  type Cycle,
  type MinerScore,
  type Replay,
  type ReplaySummary,
  toWeightsDocument,
  type WeightsRecord,
} from "../../db/mod.ts";
import type { ScoringParams } from "../../core/mod.ts";
import type {
  CycleWire,
  LeasedTask,
  ReplayResponse,
  ReplaySummaryWire,
  ScoreWire,
  ScoringParamsWire,
  WeightsResponse,
} from "../../core/wire/mod.ts";

function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null;
}

/** A cycle as published: the secret only once revealed. */
export function presentCycle(c: Cycle): CycleWire {
  return {
    id: c.id,
    status: c.status,
    block_number: c.block,
    started_at: c.createdAt.toISOString(),
    completed_at: iso(c.completedAt),
    deadline: c.deadline.toISOString(),
    n_miners: c.nMiners,
    n_environments: c.envIds.length,
    env_ids: c.envIds,
    episodes_per_env: c.episodesPerEnv,
    duration_seconds: c.completedAt
      ? (c.completedAt.getTime() - c.createdAt.getTime()) / 1000
      : null,
    seed_commitment: c.secretHash,
    secret: c.revealedAt ? c.secret : null,
    error_message: c.errorMessage,
    scoring: c.scoring ? presentScoring(c.scoring) : null,
  };
}

/** Scoring parameters as published. */
export function presentScoring(o: ScoringParams): ScoringParamsWire {
  return {
    z: o.z,
    eps_min: o.epsMin,
    eps_max: o.epsMax,
    scheme: o.scheme,
    temperature: o.temperature,
  };
}

/** A leased task for an executor. */
export function presentTask(t: ClaimedTask): LeasedTask {
  return {
    task_id: t.taskId,
    lease_id: t.leaseId,
    lease_expires_at: t.leaseExpiresAt.toISOString(),
    cycle_id: t.cycleId,
    env_id: t.envId,
    episode_index: t.episodeIndex,
    seed: t.seed,
    max_steps: t.maxSteps,
    attempt: t.attempt,
    miner_uid: t.minerUid,
    miner_hotkey: t.minerHotkey,
    miner_endpoint: t.minerEndpoint,
  };
}

/** One score row. */
export function presentScore(s: MinerScore): ScoreWire {
  return {
    uid: s.uid,
    hotkey: s.hotkey,
    env_id: s.envId,
    success_rate: s.successRate,
    mean_reward: s.meanReward,
    episodes: s.episodes,
    successes: s.successes,
    failures: s.failures,
    episodes_completed: s.episodes,
    episodes_failed: s.episodes - s.successes,
  };
}

/** A weights record with its signature and unsigned extras. */
export function presentWeights(w: WeightsRecord, cycle: Cycle | null): WeightsResponse {
  const weights: Record<string, number> = {};
  w.uids.forEach((uid, i) => weights[String(uid)] = w.weights[i]);
  return {
    ...toWeightsDocument(w),
    block_number: w.block,
    created_at: w.createdAt.toISOString(),
    weights,
    metadata: {
      n_miners_evaluated: cycle?.nMiners ?? null,
      n_environments: cycle ? cycle.envIds.length : null,
      evaluation_duration_seconds: cycle?.completedAt
        ? (cycle.completedAt.getTime() - cycle.createdAt.getTime()) / 1000
        : null,
    },
  };
}

/** A replay in a listing. */
export function presentReplaySummary(r: ReplaySummary): ReplaySummaryWire {
  return {
    id: r.id,
    cycle_id: r.cycleId,
    miner_uid: r.minerUid,
    env_id: r.envId,
    episode_index: r.episodeIndex,
    code: r.code,
    steps: r.steps,
    reward: r.reward,
    frames: r.frames,
    media_url: `/v1/replays/${r.id}/media`,
  };
}

/** A replay with its actions; only for a revealed cycle (it shows the scene of its seed). */
export function presentReplay(r: Replay): ReplayResponse {
  return {
    ...presentReplaySummary(r),
    camera: r.camera,
    width: r.width,
    height: r.height,
    frame_every: r.frameEvery,
    seed: r.revealedAt ? r.seed : null,
    actions: r.actions,
  };
}

/**
 * `kinitro verify-cycle`: anyone's check of a finished cycle. Fetches its revealed secret and
 * episodes from the API, checks the secret against its published hash and every seed against
 * the secret, then re-runs a seeded sample of each model miner's episodes on the CPU renderer
 * with the committed model, and compares success and the action digest. Episodes rendered on
 * CPU must match bit for bit; WebGPU-rendered ones are compared on success only. Endpoint
 * miners are listed but not re-run (their answers are not reproducible).
 */
import type { ApiClient } from "../../client/mod.ts";
import type { VerifyCycleConfig } from "../../config/mod.ts";
import { createRng, createSceneSeeder, hexToBytes, verifyCycleSecret } from "../../core/mod.ts";
import type { CycleEpisode } from "../../core/wire/mod.ts";
import type { Logger } from "../../log/mod.ts";
import { isModelEndpoint } from "./model_policy.ts";
import { createEpisodeExecutor, threadSettingsOf } from "./run.ts";
import type { EpisodeExecutor } from "./runner.ts";

/** The verdict on one re-run episode. */
export interface EpisodeCheck {
  taskId: string;
  envId: string;
  episodeIndex: number;
  /** "match", or what differs. */
  verdict: "match" | "success_mismatch" | "digest_mismatch" | "rerun_failed";
  recorded: { success: boolean; actionDigest: string | null; renderer: string | null };
  rerun: { success: boolean; actionDigest: string | null; code: string };
}

/** What was checked for one miner. */
export interface MinerCheck {
  uid: number;
  mode: "model" | "endpoint";
  /** Episodes of the cycle. */
  episodes: number;
  checks: EpisodeCheck[];
  /** True when every re-run episode matched (vacuously true for endpoint miners). */
  ok: boolean;
}

/** The report of {@link runVerifyCycle}. */
export interface VerifyReport {
  cycleId: number;
  /** sha256(secret) equals the published hash. */
  secretOk: boolean;
  /** Episodes whose seed is not the one the secret derives. */
  badSeeds: string[];
  miners: MinerCheck[];
  ok: boolean;
}

/** Options of {@link runVerifyCycle}. */
export interface VerifyCycleOptions {
  log: Logger;
  signal: AbortSignal;
  /** The API client (its `cycleEpisodes`). */
  api: Pick<ApiClient, "cycleEpisodes">;
  /** Runs the episodes; tests inject one. @default an in-thread CPU runner from the config */
  executor?: EpisodeExecutor;
}

/** Verifies one cycle; see the module doc. */
export async function runVerifyCycle(
  cycleId: number,
  config: Readonly<VerifyCycleConfig>,
  options: VerifyCycleOptions,
): Promise<VerifyReport> {
  const data = await options.api.cycleEpisodes(cycleId, options.signal);
  const secretOk = await verifyCycleSecret(data.secret, data.secret_hash);
  const badSeeds: string[] = [];
  if (secretOk) {
    const seeder = await createSceneSeeder(hexToBytes(data.secret));
    for (const e of data.episodes) {
      if (await seeder.seed(e.env_id, e.episode_index) !== e.seed) badSeeds.push(e.task_id);
    }
  }
  const byMiner = new Map<number, CycleEpisode[]>();
  for (const e of data.episodes) {
    const list = byMiner.get(e.miner_uid) ?? [];
    list.push(e);
    byMiner.set(e.miner_uid, list);
  }
  const executor = options.executor ?? await createEpisodeExecutor(0, {
    settings: {
      ...threadSettingsOf({ ...config, renderer: "cpu", imageSize: 84, concurrency: 8 }),
    },
    log: options.log,
  });
  const miners: MinerCheck[] = [];
  try {
    for (const [uid, episodes] of [...byMiner].sort((a, b) => a[0] - b[0])) {
      const model = episodes.every((e) => isModelEndpoint(e.miner_endpoint));
      if (!model) {
        miners.push({ uid, mode: "endpoint", episodes: episodes.length, checks: [], ok: true });
        continue;
      }
      const sample = pickSample(episodes, config.sample, config.sampleSeed + uid);
      const checks = await Promise.all(sample.map((e) => recheck(executor, e, options.signal)));
      miners.push({
        uid,
        mode: "model",
        episodes: episodes.length,
        checks,
        ok: checks.every((c) => c.verdict === "match"),
      });
    }
  } finally {
    if (options.executor === undefined) await executor.close();
  }
  return {
    cycleId,
    secretOk,
    badSeeds,
    miners,
    ok: secretOk && badSeeds.length === 0 && miners.every((m) => m.ok),
  };
}

async function recheck(
  executor: EpisodeExecutor,
  e: CycleEpisode,
  signal: AbortSignal,
): Promise<EpisodeCheck> {
  const r = await executor.run({
    envId: e.env_id,
    seed: e.seed,
    episodeId: `verify-${e.task_id}`,
    maxSteps: e.max_steps,
    minerEndpoint: e.miner_endpoint,
  }, signal);
  const recorded = { success: e.success, actionDigest: e.action_digest, renderer: e.renderer };
  const rerun = { success: r.success, actionDigest: r.actionDigest ?? null, code: r.code };
  const base = {
    taskId: e.task_id,
    envId: e.env_id,
    episodeIndex: e.episode_index,
    recorded,
    rerun,
  };
  // a model that cannot be loaded now reproduces a recorded model failure, not a result
  if (r.code === "infra_error" || r.aborted) return { ...base, verdict: "rerun_failed" };
  if (r.success !== e.success) return { ...base, verdict: "success_mismatch" };
  if (e.renderer === "cpu" && r.actionDigest !== e.action_digest) {
    return { ...base, verdict: "digest_mismatch" };
  }
  return { ...base, verdict: "match" };
}

/** A seeded sample of `n` episodes (all of them when fewer), in a stable order. */
function pickSample(episodes: CycleEpisode[], n: number, seed: number): CycleEpisode[] {
  const sorted = [...episodes].sort((a, b) => a.task_id.localeCompare(b.task_id));
  const rng = createRng(seed);
  for (let i = sorted.length - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [sorted[i], sorted[j]] = [sorted[j], sorted[i]];
  }
  return sorted.slice(0, Math.min(n, sorted.length));
}

/** One line per miner and per mismatching episode. */
export function formatVerifyReport(report: VerifyReport): string[] {
  const lines = [
    `cycle ${report.cycleId}: secret ${
      report.secretOk ? "matches its hash" : "DOES NOT match its hash"
    }, ` +
    `${
      report.badSeeds.length === 0
        ? "every seed derives from it"
        : `${report.badSeeds.length} seeds DO NOT derive from it`
    }`,
  ];
  for (const m of report.miners) {
    if (m.mode === "endpoint") {
      lines.push(`uid ${m.uid}: endpoint miner, ${m.episodes} episodes, not re-run`);
      continue;
    }
    const bad = m.checks.filter((c) => c.verdict !== "match");
    lines.push(
      `uid ${m.uid}: model miner, re-ran ${m.checks.length} of ${m.episodes} episodes: ` +
        (bad.length === 0 ? "all match" : `${bad.length} MISMATCH`),
    );
    for (const c of bad) {
      lines.push(
        `  ${c.envId} #${c.episodeIndex} (task ${c.taskId}): ${c.verdict}; recorded success ` +
          `${c.recorded.success} digest ${
            c.recorded.actionDigest ?? "-"
          }, re-run ${c.rerun.code} ` +
          `digest ${c.rerun.actionDigest ?? "-"}`,
      );
    }
  }
  lines.push(report.ok ? "verdict: the cycle reproduces" : "verdict: MISMATCH");
  return lines;
}

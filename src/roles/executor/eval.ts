/**
 * `kinitro eval`: a miner's local check. Runs episodes of each environment against one
 * policy server, exactly as the executor would (same runner, miss policy and deadlines), with
 * no database and no API, and summarizes success, result codes, misses and latency.
 */
import type { EvalConfig } from "../../config/mod.ts";
import type { EpisodeResultCode } from "../../core/wire/mod.ts";
import { listEnvs } from "../../envs/mod.ts";
import { UsageError } from "../../errors/mod.ts";
import type { Logger } from "../../log/mod.ts";
import { resolve } from "node:path";
import { quantile } from "./_stats.ts";
import { MODEL_FILE_PREFIX } from "./model_policy.ts";
import { createEpisodeExecutor, threadSettingsOf } from "./run.ts";
import type { EpisodeExecutor } from "./runner.ts";
import type { EpisodeResult } from "./types.ts";

/** Summary of one environment. */
export interface EnvSummary {
  /** Successes / episodes. */
  "success_rate": number;
  episodes: number;
  /** Episodes per result code. */
  codes: Partial<Record<EpisodeResultCode, number>>;
  /** Missed `/act` calls over all episodes. */
  "missed_acts": number;
  /** Median of the per-episode median `/act` latencies. */
  "latency_p50_ms": number | null;
  /** Largest per-episode 99th percentile `/act` latency. */
  "latency_p99_ms": number | null;
  /** Mean env steps per episode. */
  "mean_steps": number;
}

/** What `kinitro eval --json` prints. */
export interface EvalReport {
  envs: Record<string, EnvSummary>;
}

/** Options of {@link runEval}. */
export interface RunEvalOptions {
  log: Logger;
  signal: AbortSignal;
  /** Runs episodes; tests inject one. @default an in-thread runner from the config */
  executor?: EpisodeExecutor;
  /** Called after each episode (progress). @default none */
  onEpisode?: (envId: string, index: number, result: EpisodeResult) => void;
}

/**
 * Runs `episodes` episodes per environment (seeds `seed`, `seed+1`, …) against the miner,
 * up to `concurrency` at a time.
 *
 * @throws {UsageError} for an unknown env id
 */
export async function runEval(
  config: Readonly<EvalConfig>,
  options: RunEvalOptions,
): Promise<EvalReport> {
  const known = listEnvs().map((e) => e.id);
  const envs = config.envIds ?? known;
  for (const id of envs) {
    if (!known.includes(id)) {
      throw new UsageError(
        `Cannot evaluate env "${id}": valid ids are ${known.map((k) => `"${k}"`).join(", ")}`,
      );
    }
  }
  if ((config.miner === undefined) === (config.model === undefined)) {
    throw new UsageError("Cannot evaluate: give --miner URL or --model FILE (one of them)");
  }
  const endpoint = config.model !== undefined
    ? `${MODEL_FILE_PREFIX}${resolve(config.model)}`
    : config.miner!;
  const settings = { ...threadSettingsOf(config), allowModelFiles: config.model !== undefined };
  const executor = options.executor ??
    await createEpisodeExecutor(0, { settings, log: options.log });
  const jobs = envs.flatMap((envId) =>
    Array.from({ length: config.episodes }, (_, i) => ({ envId, i }))
  );
  const results = new Map<string, EpisodeResult[]>(envs.map((e) => [e, []]));
  try {
    let next = 0;
    const lane = async () => {
      while (next < jobs.length && !options.signal.aborted) {
        const { envId, i } = jobs[next++];
        const result = await executor.run({
          envId,
          seed: config.seed + i,
          episodeId: `eval-${envId.replace(/[^a-z0-9]+/g, "-")}-${i}`,
          maxSteps: config.maxSteps ?? 500,
          minerEndpoint: endpoint,
        }, options.signal);
        if (result.aborted) continue;
        results.get(envId)!.push(result);
        options.onEpisode?.(envId, i, result);
      }
    };
    await Promise.all(Array.from({ length: Math.min(config.concurrency, jobs.length) }, lane));
  } finally {
    if (options.executor === undefined) await executor.close();
  }
  const report: EvalReport = { envs: {} };
  for (const [envId, list] of results) report.envs[envId] = summarize(list);
  return report;
}

/** Summarizes the episodes of one environment. */
export function summarize(list: readonly EpisodeResult[]): EnvSummary {
  const codes: Partial<Record<EpisodeResultCode, number>> = {};
  for (const r of list) codes[r.code] = (codes[r.code] ?? 0) + 1;
  const p50s = list.flatMap((r) => r.latencyP50Ms === null ? [] : [r.latencyP50Ms]);
  const p99s = list.flatMap((r) => r.latencyP99Ms === null ? [] : [r.latencyP99Ms]);
  const n = list.length;
  return {
    "success_rate": n === 0 ? 0 : list.filter((r) => r.success).length / n,
    episodes: n,
    codes,
    "missed_acts": list.reduce((s, r) => s + r.missedActs, 0),
    "latency_p50_ms": round(quantile(p50s, 0.5)),
    "latency_p99_ms": round(p99s.length === 0 ? null : Math.max(...p99s)),
    "mean_steps": n === 0 ? 0 : list.reduce((s, r) => s + r.steps, 0) / n,
  };
}

/** Formats a report as a text table. */
export function formatEvalReport(report: EvalReport): string[] {
  const rows = Object.entries(report.envs).map(([id, s]) => [
    id,
    `${(s.success_rate * 100).toFixed(0)}%`,
    String(s.episodes),
    String(s.missed_acts),
    s.latency_p50_ms === null ? "-" : `${s.latency_p50_ms}`,
    s.latency_p99_ms === null ? "-" : `${s.latency_p99_ms}`,
    Object.entries(s.codes).map(([c, k]) => `${c}=${k}`).join(" "),
  ]);
  const head = ["ENV", "SUCCESS", "EPISODES", "MISSED", "P50_MS", "P99_MS", "CODES"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [head, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd());
}

function round(v: number | null): number | null {
  return v === null ? null : Math.round(v * 100) / 100;
}

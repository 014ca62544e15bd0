/** `kinitro executor`: wires config, the API client, the episode runners and the loop. */
import { ALLOW_PRIVATE_FLAG, ApiClient, isNonPublicHost } from "../../client/mod.ts";
import type { EpisodeConfig, ExecutorConfig } from "../../config/mod.ts";
import { DependencyError } from "../../errors/mod.ts";
import type { LogFormat, Logger, LogLevel } from "../../log/mod.ts";
import { probeWebGpu } from "../../render/mod.ts";
import { pause } from "../../core/mod.ts";
import { createThreadRunner, type ThreadSettings } from "./local.ts";
import { type ExecutorStats, runExecutorLoop } from "./loop.ts";
import { DEFAULT_REPLAY_SETTINGS, withReplayFallback } from "./replay.ts";
import type { EpisodeExecutor } from "./runner.ts";
import { WorkerPool } from "./worker_pool.ts";

/** Options of {@link runExecutor}. */
export interface RunExecutorOptions {
  log: Logger;
  /** Stops claiming; in-flight episodes finish or are released, then it returns. */
  signal: AbortSignal;
  /** Default executor id when the config has none. @default the host name */
  hostname?: string;
}

/** Thread settings from the episode part of a config (plain data for Workers). */
export function threadSettingsOf(
  config: Readonly<EpisodeConfig & { logLevel?: string; logFormat?: string }>,
): ThreadSettings {
  return {
    renderer: config.renderer,
    imageSize: config.imageSize,
    maxMissedActs: config.maxMissedActs,
    maxConsecutiveMisses: config.maxConsecutiveMisses,
    actTimeoutMs: config.actTimeoutMs,
    resetTimeoutMs: config.resetTimeoutMs,
    warmupLimitMs: config.warmupLimitMs,
    allowPrivateEndpoints: config.allowPrivateEndpoints,
    chutesApiKey: config.chutesApiKey,
    chutesApiUrl: config.chutesApiUrl,
    chutesInvokeUrl: config.chutesInvokeUrl,
    modelHubUrl: config.modelHubUrl,
    modelCacheDir: config.modelCacheDir,
    modelMaxBytes: config.modelMaxBytes,
    modelMaxStepMs: config.modelMaxStepMs,
    modelStallMs: config.modelStallMs,
    log: { level: config.logLevel as LogLevel, format: config.logFormat as LogFormat },
  };
}

/** Options of {@link createEpisodeExecutor}. */
export interface CreateEpisodeExecutorOptions {
  settings: ThreadSettings;
  log: Logger;
  /** Worker entry module (tests). @default `./worker.ts` */
  workerUrl?: URL;
}

/**
 * Starts `workers` Web Workers, or (with 0) an in-thread runner. When Workers cannot start
 * (a bundle without the worker file) it logs a warning and runs episodes in this thread.
 *
 * @throws {DependencyError} when the `webgpu` renderer has no adapter
 */
export async function createEpisodeExecutor(
  workers: number,
  options: CreateEpisodeExecutorOptions,
): Promise<EpisodeExecutor & { backend: string; workers: number }> {
  const { settings, log } = options;
  if (workers === 0) return await createThreadRunner(settings, log);
  try {
    return await WorkerPool.create(workers, options);
  } catch (err) {
    if (err instanceof DependencyError) throw err;
    // A bundle or a binary built without the worker entry cannot start Workers: run the
    // episodes in this thread rather than not at all.
    log.warn("Cannot start episode workers, running episodes in the main thread", {
      error: err instanceof Error ? err.message : String(err),
    });
    return await createThreadRunner(settings, log);
  }
}

/**
 * Runs the executor until `signal` aborts (or, with `once`, until the pool is empty).
 *
 * @throws {DependencyError} when the `webgpu` renderer has no adapter
 * @throws {AuthError} when the API rejects the key
 */
export async function runExecutor(
  config: Readonly<ExecutorConfig>,
  options: RunExecutorOptions,
): Promise<ExecutorStats> {
  const { log, signal } = options;
  if (config.renderer === "webgpu") {
    // Before anything else: a machine that cannot render is a setup error, whatever the API.
    const probe = await probeWebGpu();
    if (!probe.correct) {
      throw new DependencyError(`Cannot create the "webgpu" renderer: ${probe.reason}`);
    }
  }
  const api = new ApiClient({
    baseUrl: config.apiUrl,
    apiKey: config.apiKey,
    executorId: config.executorId ?? sanitize(options.hostname ?? Deno.hostname()),
  });
  await checkApi(api, config.apiUrl, signal);
  if (!config.allowPrivateEndpoints && isNonPublicHost(new URL(config.apiUrl).hostname)) {
    // An API on a private address suggests a private test network, whose miners usually are
    // on private addresses too.
    log.warn(
      `Miner endpoints on loopback or private addresses will be refused (episodes end ` +
        `infra_error, not counted against miners): pass ${ALLOW_PRIVATE_FLAG} on a private ` +
        "test network",
      { apiUrl: config.apiUrl },
    );
  }
  const executor = await createEpisodeExecutor(config.workers ?? navigator.hardwareConcurrency, {
    settings: {
      ...threadSettingsOf(config),
      replay: {
        ...DEFAULT_REPLAY_SETTINGS,
        every: config.replayEvery,
        frameEvery: config.replayFrameEvery,
        maxBytes: config.replayMaxBytes,
      },
    },
    log,
  });
  const workers = executor.workers;
  log.info("Episode runners ready", {
    workers,
    concurrency: config.concurrency,
    renderer: executor.backend,
  });
  try {
    return await runExecutorLoop({
      api: withReplayFallback(api, log),
      executor,
      capacity: Math.max(1, workers) * config.concurrency,
      envIds: config.envIds,
      pollIntervalMs: config.pollIntervalMs,
      shutdownGraceMs: config.shutdownGraceMs,
      exitWhenIdle: config.once,
      log,
      signal,
    });
  } finally {
    await executor.close();
  }
}

/**
 * Waits up to about 8 s for the API to answer `/health` with its database connected.
 *
 * @throws {DependencyError} when it does not
 */
async function checkApi(api: ApiClient, url: string, signal: AbortSignal): Promise<void> {
  for (let attempt = 1; attempt <= 4 && !signal.aborted; attempt++) {
    if (await api.health(signal)) return;
    await pause(250 * 2 ** attempt, signal);
  }
  if (signal.aborted) return;
  throw new DependencyError(
    `Cannot start the executor: the API at "${url}" does not answer /health with its database connected`,
  );
}

function sanitize(name: string): string {
  return name.replace(/[^A-Za-z0-9._:-]/g, "-").slice(0, 64) || "executor";
}

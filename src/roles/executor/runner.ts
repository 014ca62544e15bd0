/**
 * Runs episodes in this thread: an env pool, one renderer and one keep-alive policy client
 * per miner endpoint. Many episodes may be in flight at once (while they wait on miners);
 * each has its own environment. Used directly with `--workers 0` and inside each Worker.
 */
import type { EpisodeResultCode } from "../../core/wire/mod.ts";
import { MinerError, type MinerErrorCode } from "../../errors/mod.ts";
import type { Logger } from "../../log/mod.ts";
import { EnvPool } from "./env_pool.ts";
import { runEpisode } from "./episode.ts";
import { unstartedResult } from "./_results.ts";
import { EpisodeRecorder, type ReplaySettings, shouldRecord } from "./replay.ts";
import type { EpisodeResult, EpisodeTask, FrameRenderer, PolicyClient } from "./types.ts";

/** Serializable settings of an episode runner (they cross into Workers). */
export interface RunnerSettings {
  /** Cameras sent with every `/act`. @default ["corner", "gripper"] */
  cameras?: string[];
  /** Image width and height. @default 84 */
  imageSize?: number;
  /** Misses tolerated per episode. @default 25 */
  maxMissedActs?: number;
  /** Misses in a row that end an episode. @default 5 */
  maxConsecutiveMisses?: number;
  /** Which episodes are recorded for the dashboard. @default none */
  replay?: ReplaySettings;
}

/** What a runner needs that cannot cross a Worker boundary. */
export interface RunnerDeps {
  renderer: FrameRenderer;
  /** Name of the renderer backend, recorded with every result. @default none */
  rendererName?: string;
  /** Creates the policy client of one miner endpoint (called once per endpoint). */
  createPolicy: (endpoint: string) => PolicyClient | Promise<PolicyClient>;
  log: Logger;
}

/** Something that runs episodes: this thread ({@link EpisodeRunner}) or a Worker. */
export interface EpisodeExecutor {
  /** Runs one episode; never rejects for miner, physics or our own episode failures. */
  run(task: EpisodeTask, signal?: AbortSignal): Promise<EpisodeResult>;
  /** Frees environments, renderer and workers. */
  close(): Promise<void>;
}

/** Runs episodes in the calling thread. */
export class EpisodeRunner implements EpisodeExecutor {
  readonly #settings: RunnerSettings;
  readonly #deps: RunnerDeps;
  readonly #envs = new EnvPool();
  readonly #policies = new Map<string, Promise<PolicyClient>>();

  constructor(settings: RunnerSettings, deps: RunnerDeps) {
    this.#settings = settings;
    this.#deps = deps;
  }

  /** Loaded environments (idle and busy). */
  get envCount(): number {
    return this.#envs.size;
  }

  async run(task: EpisodeTask, signal?: AbortSignal): Promise<EpisodeResult> {
    const t0 = performance.now();
    let miner: PolicyClient;
    try {
      miner = await this.#policy(task.minerEndpoint);
    } catch (err) {
      // The endpoint comes from the miner's commitment: an unusable one (bad URL, unknown
      // chute) is the miner's fault; Chutes or our own code failing is ours.
      const code = err instanceof MinerError
        ? err.code as MinerErrorCode
        : err instanceof TypeError
        ? "miner_unavailable"
        : "infra_error";
      return setupFailure(code, describe(err), t0);
    }
    let env;
    try {
      env = await this.#envs.acquire(task.envId, task.maxSteps);
    } catch (err) {
      // An unknown env id or a scene that does not load is ours.
      return setupFailure("infra_error", describe(err), t0);
    }
    const recorder = shouldRecord(this.#settings.replay, task.episodeIndex)
      ? new EpisodeRecorder(this.#settings.replay!)
      : null;
    try {
      const result = await runEpisode(task, {
        env,
        renderer: recorder?.renderer(this.#deps.renderer) ?? this.#deps.renderer,
        miner: recorder?.policy(miner) ?? miner,
        cameras: this.#settings.cameras,
        imageSize: this.#settings.imageSize,
        maxMissedActs: this.#settings.maxMissedActs,
        maxConsecutiveMisses: this.#settings.maxConsecutiveMisses,
        signal,
      });
      result.renderer = this.#deps.rendererName;
      const model = miner as { runtime?: string; sha256?: string };
      result.runtime = model.runtime ?? "http";
      result.modelSha256 = model.sha256 ?? null;
      this.#deps.log.debug("Episode finished", {
        episodeId: task.episodeId,
        envId: task.envId,
        code: result.code,
        steps: result.steps,
        durationMs: Math.round(result.wallMs),
      });
      const replay = recorder && !result.aborted ? recorder.finish() : null;
      return replay ? { ...result, replay } : result;
    } finally {
      this.#envs.release(env);
    }
  }

  close(): Promise<void> {
    this.#envs[Symbol.dispose]();
    return Promise.resolve();
  }

  #policy(endpoint: string): Promise<PolicyClient> {
    let p = this.#policies.get(endpoint);
    if (p === undefined) {
      p = Promise.resolve().then(() => this.#deps.createPolicy(endpoint));
      this.#policies.set(endpoint, p);
      // A failed resolution (Chutes down) is retried by the next episode.
      p.catch(() => this.#policies.delete(endpoint));
    }
    return p;
  }
}

function setupFailure(code: EpisodeResultCode, message: string, t0: number): EpisodeResult {
  return unstartedResult(code, `Cannot start episode: ${message}`, performance.now() - t0);
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * One episode against a miner: `/reset`, then render → `/act` → step until success (early
 * stop), truncation, or the miss policy ends it. Miner faults become result codes; our own
 * failures become `physics_error` / `infra_error` and are never blamed on the miner.
 */
import { ActionTrace, type SceneSnapshot } from "../../core/mod.ts";
import {
  type ActRequest,
  createMissState,
  DEFAULT_CAMERAS,
  encodeImage,
  type EpisodeResultCode,
  type Image,
  type MissState,
  stepMissPolicy,
  type TaskConfig,
} from "../../core/wire/mod.ts";
import type { Env } from "../../envs/mod.ts";
import { MinerError, PhysicsError } from "../../errors/mod.ts";
import { cameraSpecs } from "../../render/mod.ts";
import { quantile } from "./_stats.ts";
import { ActionDigest } from "./action_digest.ts";
import type { EpisodeResult, EpisodeTask, FrameRenderer, PolicyClient } from "./types.ts";

/** Options of {@link runEpisode}. */
export interface RunEpisodeOptions {
  /** The environment of `task.envId`; reset by the runner, owned by the caller. */
  env: Env;
  /** Draws the camera images sent with every `/act`. */
  renderer: FrameRenderer;
  /** The miner's policy client. */
  miner: PolicyClient;
  /** Cameras sent with every `/act`. @default ["corner", "gripper"] */
  cameras?: readonly string[];
  /** Image width and height in pixels. @default 84 */
  imageSize?: number;
  /** Misses tolerated per episode; the next one ends it. @default 25 */
  maxMissedActs?: number;
  /** Misses in a row that end the episode. @default 5 */
  maxConsecutiveMisses?: number;
  /** Aborts the episode (shutdown); the result then has `aborted: true` and `infra_error`. */
  signal?: AbortSignal;
  /** Monotonic clock in ms. @default performance.now */
  now?: () => number;
}

/** Which side failed, to pick the result code. */
type Stage = "env" | "render" | "miner";

class EpisodeEnd extends Error {
  constructor(readonly code: EpisodeResultCode, message: string, readonly aborted = false) {
    super(message);
  }
}

/**
 * Runs one episode and returns its result; never throws for miner faults, physics errors
 * or our own failures (all become result codes).
 *
 * @example Run a short episode against a policy that never moves
 * ```ts
 * import { makeEnv } from "../../envs/mod.ts";
 * import { createRenderer } from "../../render/mod.ts";
 * import { runEpisode } from "./mod.ts";
 *
 * using env = await makeEnv("metaworld/reach-v4");
 * using renderer = await createRenderer({ backend: "cpu" });
 * const miner = {
 *   reset: () => Promise.resolve(),
 *   tryAct: () => Promise.resolve({ ok: true as const, action: [0, 0, 0, 0] as const, latencyMs: 0 }),
 * };
 * const task = { envId: env.id, seed: 7, episodeId: "doc", maxSteps: 3, minerEndpoint: "x" };
 * const result = await runEpisode(task, { env, renderer, miner });
 * if (result.code !== "not_solved" || result.steps !== 3) throw new Error("unexpected result");
 * ```
 */
export async function runEpisode(
  task: EpisodeTask,
  options: RunEpisodeOptions,
): Promise<EpisodeResult> {
  const now = options.now ?? (() => performance.now());
  const { env, renderer, miner, signal } = options;
  const cameraNames = options.cameras ?? DEFAULT_CAMERAS;
  const size = options.imageSize ?? 84;
  const start = now();
  const latencies: number[] = [];
  let minerMs = 0;
  let steps = 0;
  let reward = 0;
  const trace = new ActionTrace();
  const digest = new ActionDigest();
  let miss: MissState = createMissState({
    maxMissedActs: options.maxMissedActs,
    maxConsecutiveMisses: options.maxConsecutiveMisses,
  });

  const finish = async (code: EpisodeResultCode, error: string | null, aborted = false) => ({
    fingerprint: await trace.digest(),
    code,
    success: code === "success",
    steps,
    reward,
    missedActs: miss.misses,
    latencyP50Ms: quantile(latencies, 0.5),
    latencyP99Ms: quantile(latencies, 0.99),
    wallMs: now() - start,
    minerMs,
    error,
    aborted,
    actionDigest: steps === 0 ? null : digest.hex(),
  });

  try {
    const taskConfig: TaskConfig = {
      "env_id": task.envId,
      "episode_id": task.episodeId,
      // the task's step budget caps the scheduler's limit: the miner is told the real one
      "max_steps": Math.min(task.maxSteps, env.maxSteps),
      cameras: [...cameraNames],
      "image_shape": [size, size, 3],
    };
    const t0 = now();
    await guard("miner", signal, () => miner.reset(taskConfig, { signal }));
    minerMs += now() - t0;
    let { observation } = await guard("env", signal, () => env.reset({ seed: task.seed }));
    for (;;) {
      const snapshot = env.snapshot();
      const images = await guard(
        "render",
        signal,
        () => renderImages(renderer, snapshot, cameraNames, size),
      );
      const request: ActRequest = {
        "episode_id": task.episodeId,
        step: steps,
        observation: Array.from(observation.proprio),
        images,
      };
      const ta = now();
      const attempt = await guard("miner", signal, () => miner.tryAct(request, { signal }));
      const took = now() - ta;
      minerMs += took;
      latencies.push(took);
      if (attempt.ok) trace.action(attempt.action);
      else trace.miss();
      const decision = stepMissPolicy(miss, attempt);
      miss = decision.state;
      if (decision.ended !== null) {
        return await finish(
          decision.ended,
          `Missed ${miss.misses} /act calls (${miss.consecutive} in a row), last "${decision.ended}"${
            attempt.ok || attempt.message === undefined ? "" : `: ${attempt.message}`
          }`,
        );
      }
      digest.add(decision.missed ? null : decision.action);
      const r = await guard("env", signal, () => env.step(decision.action));
      steps = r.info.steps;
      reward += r.reward;
      observation = r.observation;
      if (r.terminated && r.info.success) return await finish("success", null);
      if (r.terminated || r.truncated || steps >= task.maxSteps) {
        return await finish("not_solved", null);
      }
    }
  } catch (err) {
    if (err instanceof EpisodeEnd) return await finish(err.code, err.message, err.aborted);
    return await finish("infra_error", `Cannot run episode: ${describe(err)}`);
  }
}

/** Runs one stage and maps its failure to the code of the side at fault. */
async function guard<T>(
  stage: Stage,
  signal: AbortSignal | undefined,
  fn: () => T | Promise<T>,
): Promise<T> {
  if (signal?.aborted) throw aborted();
  try {
    return await raceAbort(fn(), signal);
  } catch (err) {
    if (signal?.aborted) throw aborted();
    if (err instanceof PhysicsError) throw new EpisodeEnd("physics_error", err.message);
    if (stage === "miner" && err instanceof MinerError) {
      throw new EpisodeEnd(err.code as EpisodeResultCode, err.message);
    }
    throw new EpisodeEnd("infra_error", `Cannot run episode (${stage}): ${describe(err)}`);
  }
}

/** Settles with `work`, or rejects as soon as `signal` aborts (a call that ignores it). */
function raceAbort<T>(work: T | Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined || !(work instanceof Promise)) return Promise.resolve(work);
  let onAbort: () => void = () => {};
  const stop = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  return Promise.race([work, stop]).finally(() => signal.removeEventListener("abort", onAbort));
}

function aborted(): EpisodeEnd {
  return new EpisodeEnd("infra_error", "Cannot finish episode: the executor is stopping", true);
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

async function renderImages(
  renderer: FrameRenderer,
  snapshot: SceneSnapshot,
  names: readonly string[],
  size: number,
): Promise<Record<string, Image>> {
  const frames = await renderer.render(
    snapshot,
    cameraSpecs(snapshot, names, { width: size, height: size }),
  );
  const images: Record<string, Image> = {};
  names.forEach((name, i) => images[name] = encodeImage(frames[i], size, size));
  return images;
}

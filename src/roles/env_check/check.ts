import { NotFoundError, UsageError } from "../../errors/mod.ts";
import {
  type EpisodeSummary,
  getTask,
  makeEnv,
  type PolicyKind,
  runEpisode,
  type StepRecord,
} from "../../envs/mod.ts";
import { CpuRenderer, FrameRecorder, type RgbImage } from "../../render/mod.ts";
import type { SceneSnapshot } from "../../core/mod.ts";

/**
 * The cameras of `envId`'s task.
 *
 * @throws {UsageError} naming the valid ids, when `envId` is not a registered environment
 */
export function envCameras(envId: string): readonly string[] {
  try {
    return getTask(envId).cameras;
  } catch (err) {
    if (err instanceof NotFoundError) throw new UsageError(err.message, { cause: err });
    throw err;
  }
}

/** Options of {@link checkEnv}. */
export interface CheckEnvOptions {
  envId: string;
  episodes: number;
  /** Episode i uses seed `seed + i`. */
  seed: number;
  policy: PolicyKind;
  /** @default the task's */
  maxSteps?: number;
  randomize: boolean;
  /** Writes the compiled scene MJCF here. */
  exportScene?: string;
  /** Writes every episode's camera frames (PNG, GIF) and trajectory under this folder. */
  record?: string;
  /** Stops after the episode in progress. */
  signal: AbortSignal;
  /** Sees each episode as it ends. */
  onEpisode?: (episode: EpisodeSummary) => void;
}

/** What {@link checkEnv} ran. */
export interface EnvCheckReport {
  episodes: EpisodeSummary[];
  successes: number;
  /** 0 without episodes. */
  successRate: number;
  meanSteps: number;
}

/**
 * Runs episodes of a built-in policy on one environment (`kinitro test-env`).
 *
 * @throws {UsageError} when the environment does not exist
 */
export async function checkEnv(options: CheckEnvOptions): Promise<EnvCheckReport> {
  const { envId, signal } = options;
  const cameras = envCameras(envId);
  const recording = options.record === undefined ? null : startRecording(cameras);
  using env = await makeEnv(envId, {
    maxSteps: options.maxSteps,
    render: recording?.render,
    ...(options.randomize ? {} : { randomize: false }),
  });
  if (options.exportScene !== undefined) {
    await Deno.writeTextFile(options.exportScene, env.exportScene());
  }
  const episodes: EpisodeSummary[] = [];
  for (let i = 0; i < options.episodes && !signal.aborted; i++) {
    const trajectory: StepRecord[] = [];
    const ep = runEpisode(env, options.policy, options.seed + i, {
      onStep: recording === null ? undefined : (s) => trajectory.push(s),
    });
    episodes.push(ep);
    if (recording !== null) {
      const dir = `${options.record}/${envId.replaceAll("/", "_")}_seed_${ep.seed}`;
      await recording.write(dir);
      await Deno.writeTextFile(
        `${dir}/trajectory.json`,
        JSON.stringify({ env_id: envId, policy: options.policy, ...ep, trajectory }),
      );
    }
    options.onEpisode?.(ep);
  }
  const successes = episodes.filter((e) => e.success).length;
  return {
    episodes,
    successes,
    successRate: episodes.length === 0 ? 0 : successes / episodes.length,
    meanSteps: episodes.reduce((s, e) => s + e.steps, 0) / Math.max(1, episodes.length),
  };
}

/**
 * A render hook that renders the task's cameras on the CPU and keeps the frames, and `write`,
 * which saves the frames kept since the last call as PNGs and GIFs.
 */
function startRecording(cameras: readonly string[]) {
  const renderer = new CpuRenderer();
  let frames: Record<string, RgbImage>[] = [];
  return {
    render(snapshot: SceneSnapshot) {
      const images = renderer.renderImages(snapshot, cameras);
      frames.push(images);
      return images;
    },
    async write(dir: string): Promise<void> {
      const recorder = new FrameRecorder(dir, { gifDelayMs: 40 });
      for (const images of frames) {
        for (const [name, img] of Object.entries(images)) await recorder.add(name, img.data, img);
      }
      frames = [];
      await recorder.finish();
    },
  };
}

import { z } from "zod";
import { boolish, field } from "../../config/mod.ts";
import { NotFoundError, UsageError } from "../../errors/mod.ts";
import { defineCommand } from "../command.ts";

/**
 * A render hook that renders the task's cameras on the CPU and keeps the frames, and `write`,
 * which saves the frames kept since the last call as PNGs and GIFs.
 */
async function startRecording(cameras: readonly string[]) {
  const render = await import("../../render/mod.ts");
  const renderer = new render.CpuRenderer();
  let frames: Record<string, import("../../render/mod.ts").RgbImage>[] = [];
  return {
    render(snapshot: import("../../core/mod.ts").SceneSnapshot) {
      const images = renderer.renderImages(snapshot, cameras);
      frames.push(images);
      return images;
    },
    async write(dir: string): Promise<void> {
      const recorder = new render.FrameRecorder(dir, { gifDelayMs: 40 });
      for (const images of frames) {
        for (const [name, img] of Object.entries(images)) await recorder.add(name, img.data, img);
      }
      frames = [];
      await recorder.finish();
    },
  };
}

/**
 * `kinitro test-env ENV_ID`: runs episodes of a built-in policy (oracle, random or zero) and
 * prints one line per episode and a summary, or one JSON object with `--json`. `--record DIR`
 * also saves every camera frame of every episode.
 */
export const testEnvCommand = defineCommand({
  name: "test-env",
  summary: "Run episodes of an environment with a built-in policy",
  description:
    "Episode i uses seed SEED+i; the random policy is seeded from the episode seed, so the " +
    "output is deterministic.",
  args: [{ name: "ENV_ID", description: "Environment id (see list-envs)" }],
  schema: z.object({
    episodes: field(z.coerce.number().int().min(1).default(10), "Number of episodes", {
      env: false,
      valueName: "N",
    }),
    seed: field(
      z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
      "Seed of the first episode",
      {
        env: false,
        valueName: "S",
      },
    ),
    policy: field(z.enum(["oracle", "random", "zero"]).default("oracle"), "Policy to run", {
      env: false,
      valueName: "POLICY",
    }),
    maxSteps: field(
      z.coerce.number().int().min(1).optional(),
      "Steps per episode (default: the task's)",
      {
        env: false,
        valueName: "N",
      },
    ),
    randomize: field(
      boolish().default(true),
      "Domain randomization of physics and visuals per episode (--no-randomize turns it off)",
      { shared: true },
    ),
    json: field(boolish().default(false), "Print one JSON object instead of text lines", {
      env: false,
    }),
    exportScene: field(z.string().min(1).optional(), "Write the compiled scene MJCF to FILE", {
      env: false,
      valueName: "FILE",
    }),
    record: field(
      z.string().min(1).optional(),
      "Write each episode's camera frames under DIR/<env>_seed_<s>/<camera>/frame_NNN.png, " +
        "plus <camera>.gif (84x84, CPU renderer)",
      { env: false, valueName: "DIR" },
    ),
  }),
  async run({ config, args, print, signal }) {
    const envs = await import("../../envs/mod.ts");
    const envId = args[0];
    try {
      envs.getTask(envId);
    } catch (err) {
      if (err instanceof NotFoundError) throw new UsageError(err.message, { cause: err });
      throw err;
    }
    const recording = config.record === undefined
      ? null
      : await startRecording(envs.getTask(envId).cameras);
    using env = await envs.makeEnv(envId, {
      maxSteps: config.maxSteps,
      render: recording?.render,
      ...(config.randomize ? {} : { randomize: false }),
    });
    if (config.exportScene !== undefined) {
      await Deno.writeTextFile(config.exportScene, env.exportScene());
    }
    const episodes = [];
    for (let i = 0; i < config.episodes && !signal.aborted; i++) {
      const trajectory: import("../../envs/mod.ts").StepRecord[] = [];
      const ep = envs.runEpisode(env, config.policy, config.seed + i, {
        onStep: recording === null ? undefined : (s) => trajectory.push(s),
      });
      episodes.push(ep);
      if (recording !== null) {
        const dir = `${config.record}/${envId.replaceAll("/", "_")}_seed_${ep.seed}`;
        await recording.write(dir);
        await Deno.writeTextFile(
          `${dir}/trajectory.json`,
          JSON.stringify({ env_id: envId, policy: config.policy, ...ep, trajectory }),
        );
      }
      if (!config.json) {
        print(
          `seed=${ep.seed} success=${ep.success} steps=${ep.steps} reward=${ep.reward.toFixed(4)}`,
        );
      }
    }
    const successes = episodes.filter((e) => e.success).length;
    const successRate = episodes.length === 0 ? 0 : successes / episodes.length;
    if (config.json) {
      print(JSON.stringify({
        env_id: envId,
        policy: config.policy,
        randomize: config.randomize,
        episodes: episodes.map((e) => ({
          seed: e.seed,
          success: e.success,
          steps: e.steps,
          reward: e.reward,
        })),
        success_rate: successRate,
      }));
    } else {
      const meanSteps = episodes.reduce((s, e) => s + e.steps, 0) / Math.max(1, episodes.length);
      print(
        `${envId} policy=${config.policy} randomize=${config.randomize} ` +
          `episodes=${episodes.length} successes=${successes} ` +
          `success_rate=${successRate.toFixed(3)} mean_steps=${meanSteps.toFixed(1)}`,
      );
    }
    return signal.aborted ? 130 : 0;
  },
});

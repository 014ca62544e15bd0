import { z } from "zod";
import { boolish, builtinPolicy, field, randomizeField, seedValue } from "../../config/mod.ts";
import { defineCommand } from "../command.ts";

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
      seedValue(),
      "Seed of the first episode",
      {
        env: false,
        valueName: "S",
      },
    ),
    policy: field(builtinPolicy(), "Policy to run", {
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
    randomize: randomizeField(),
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
    const { checkEnv } = await import("../../roles/env_check/mod.ts");
    const envId = args[0];
    const report = await checkEnv({
      ...config,
      envId,
      signal,
      onEpisode(ep) {
        if (config.json) return;
        print(
          `seed=${ep.seed} success=${ep.success} steps=${ep.steps} reward=${ep.reward.toFixed(4)}`,
        );
      },
    });
    if (config.json) {
      print(JSON.stringify({
        env_id: envId,
        policy: config.policy,
        randomize: config.randomize,
        episodes: report.episodes.map((e) => ({
          seed: e.seed,
          success: e.success,
          steps: e.steps,
          reward: e.reward,
        })),
        success_rate: report.successRate,
      }));
    } else {
      print(
        `${envId} policy=${config.policy} randomize=${config.randomize} ` +
          `episodes=${report.episodes.length} successes=${report.successes} ` +
          `success_rate=${report.successRate.toFixed(3)} mean_steps=${report.meanSteps.toFixed(1)}`,
      );
    }
    return signal.aborted ? 130 : 0;
  },
});

import { z } from "zod";
import { DEFAULT_ENV_IDS, field, rendererChoice } from "../../config/mod.ts";
import { NotFoundError, UsageError } from "../../errors/mod.ts";
import { defineCommand } from "../command.ts";

/** `kinitro demos`: oracle demonstrations as NumPy shards for behaviour cloning. */
export const demosCommand = defineCommand({
  name: "demos",
  summary: "Record the scripted experts over many seeds as a NumPy dataset (for training)",
  description: "Runs each task's oracle on fresh seeds in --num-envs environments stepped by " +
    "--workers Web Workers and writes OUT/meta.json and OUT/shard_NNNNN/<field>.npy " +
    "(corner, gripper, proprio, action, task, episode, step, seed, success): the images " +
    "and proprio exactly as a policy receives them, the oracle's action for each. Load with " +
    "numpy.load (docs/training.md#demonstrations).",
  schema: z.object({
    out: field(z.string().min(1), "Output folder (created if missing)", {
      env: false,
      valueName: "DIR",
    }),
    envIds: field(
      z.string().min(1).default(DEFAULT_ENV_IDS.join(",")),
      "Comma-separated env ids (default: the evaluation set)",
      { env: false, valueName: "IDS" },
    ),
    episodes: field(z.coerce.number().int().min(1).default(50), "Complete episodes per env id", {
      env: false,
      valueName: "N",
    }),
    numEnvs: field(z.coerce.number().int().min(1).max(1024).default(16), "Environments at once", {
      env: false,
      valueName: "N",
    }),
    workers: field(
      z.coerce.number().int().min(1).max(256).default(navigator.hardwareConcurrency || 1),
      "Worker threads (default: one per core)",
      { env: false, valueName: "N" },
    ),
    seed: field(
      z.coerce.number().int().min(0).max(2 ** 52).default(1_000_000),
      "First seed (env i's k-th episode: SEED + i + k * num-envs)",
      { env: false, valueName: "S" },
    ),
    maxSteps: field(
      z.coerce.number().int().min(1).max(10_000).optional(),
      "Steps per episode (default: the task's)",
      { env: false, valueName: "N" },
    ),
    noise: field(
      z.coerce.number().min(0).max(2).default(0),
      "Gaussian noise (std) on the executed action; the recorded action stays the oracle's",
      { env: false, valueName: "STD" },
    ),
    randomize: field(
      z.enum(["on", "off"]).default("on"),
      "Domain randomization (on, as in evaluation)",
      { env: false, valueName: "on|off" },
    ),
    shardSteps: field(z.coerce.number().int().min(1).default(5000), "Steps per shard", {
      env: false,
      valueName: "N",
    }),
    renderer: field(rendererChoice(), "Renderer backend", {
      env: false,
      valueName: "BACKEND",
    }),
  }),
  async run({ config, log, print, signal }) {
    const { EnvWorkers, recordDemos, resolveEnvIds } = await import(
      "../../roles/env_server/mod.ts"
    );
    const envIds = config.envIds.split(",").map((s) => s.trim()).filter(Boolean);
    try {
      resolveEnvIds({ "env_ids": envIds, "num_envs": 1 } as never);
    } catch (err) {
      if (err instanceof NotFoundError) throw new UsageError(err.message, { cause: err });
      throw err;
    }
    const pool = await EnvWorkers.create(config.workers, config.renderer);
    try {
      const summary = await recordDemos({
        pool,
        envIds,
        episodes: config.episodes,
        numEnvs: config.numEnvs,
        out: config.out,
        seed: config.seed,
        maxSteps: config.maxSteps,
        imageSize: 84,
        randomize: config.randomize === "on",
        noise: config.noise,
        shardSteps: config.shardSteps,
        taskIds: DEFAULT_ENV_IDS,
        log,
        signal,
      });
      print(JSON.stringify({ out: config.out, ...summary, workers: config.workers }));
    } finally {
      await pool.close();
    }
    return signal.aborted ? 130 : 0;
  },
});

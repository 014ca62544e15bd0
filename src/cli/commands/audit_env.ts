import { z } from "zod";
import { boolish, DEFAULT_ENV_IDS, field, randomizeField } from "../../config/mod.ts";
import { NotFoundError, UsageError } from "../../errors/mod.ts";
import { defineCommand } from "../command.ts";

/**
 * `kinitro audit-env [ENV_ID…]`: the blind-policy audit. Runs every policy that never reads
 * an image (proprio-only raster and spiral sweeps with the gripper open or closed, the best of
 * N replayed oracle recordings, the mean oracle trajectory) and, for reference, the oracle and
 * the random policy on the same fresh seeds, and prints the success rate of each per task.
 */
export const auditEnvCommand = defineCommand({
  name: "audit-env",
  summary: "Blind-policy audit: success of policies that never look, per task",
  description:
    "Test episodes use seeds SEED..SEED+N-1; oracle recordings and the best-of-N selection use " +
    "seeds far from them. A sound task keeps every blind policy near 0 (target <= 5%).",
  args: [{
    name: "ENV_ID",
    description: "Environment ids (default: the scheduler's default set)",
    required: false,
    variadic: true,
  }],
  schema: z.object({
    episodes: field(z.coerce.number().int().min(1).default(20), "Test episodes per policy", {
      env: false,
      valueName: "N",
    }),
    seed: field(
      z.coerce.number().int().min(0).max(999_999_999).default(0),
      "Seed of the first test episode",
      { env: false, valueName: "S" },
    ),
    sources: field(
      z.coerce.number().int().min(1).max(1000).default(20),
      "Oracle recordings replayed by the best-of-N and mean attacks",
      { env: false, valueName: "N" },
    ),
    selectSeeds: field(
      z.coerce.number().int().min(1).max(1000).default(10),
      "Seeds each recording is tried on to pick the best",
      { env: false, valueName: "N" },
    ),
    only: field(
      z.string().min(1).optional(),
      "Comma-separated name parts: run only policies whose name contains one (e.g. sweep,replay)",
      { env: false, valueName: "LIST" },
    ),
    randomize: randomizeField(),
    json: field(boolish().default(false), "Print one JSON object instead of text lines", {
      env: false,
    }),
  }),
  async run({ config, args, print, signal }) {
    const envs = await import("../../envs/mod.ts");
    const ids = args.length > 0 ? args : [...DEFAULT_ENV_IDS];
    for (const id of ids) {
      try {
        envs.getTask(id);
      } catch (err) {
        if (err instanceof NotFoundError) throw new UsageError(err.message, { cause: err });
        throw err;
      }
    }
    const only = config.only?.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
    const results: import("../../envs/mod.ts").AuditResult[] = [];
    for (const id of ids) {
      if (signal.aborted) break;
      const result = await envs.auditEnv(id, {
        episodes: config.episodes,
        seed: config.seed,
        sources: config.sources,
        selectSeeds: config.selectSeeds,
        randomize: config.randomize,
        only,
        signal,
        onPolicy: config.json ? undefined : (r) =>
          print(
            `${id} ${r.policy.padEnd(24)} ${r.kind.padEnd(9)} ` +
              `success=${r.successes}/${r.episodes} rate=${r.successRate.toFixed(3)} ` +
              `mean_steps=${r.meanSteps.toFixed(1)}`,
          ),
      });
      results.push(result);
    }
    const worst = (r: import("../../envs/mod.ts").AuditResult) =>
      Math.max(0, ...r.rows.filter((x) => x.kind === "blind").map((x) => x.successRate));
    if (config.json) {
      print(JSON.stringify({
        episodes: config.episodes,
        seed: config.seed,
        randomize: config.randomize,
        envs: results.map((r) => ({
          env_id: r.envId,
          replay_sources: r.replay.sources.length,
          replay_best_source: r.replay.best,
          max_blind_success_rate: worst(r),
          policies: r.rows.map((x) => ({
            policy: x.policy,
            kind: x.kind,
            episodes: x.episodes,
            successes: x.successes,
            success_rate: x.successRate,
            mean_steps: x.meanSteps,
          })),
        })),
      }));
    } else {
      for (const r of results) print(`${r.envId} max_blind_success_rate=${worst(r).toFixed(3)}`);
    }
    return signal.aborted ? 130 : 0;
  },
});

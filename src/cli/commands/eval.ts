import { EvalConfigSchema } from "../../config/mod.ts";
import { defineCommand } from "../command.ts";

/** `kinitro eval`: run episodes against a policy server locally, without a database. */
export const evalCommand = defineCommand({
  name: "eval",
  summary: "Run episodes against a policy server or an ONNX model locally and report success",
  description: "Uses the executor's episode runner (same deadlines, miss policy and images) " +
    "with no database. --miner URL calls a policy server; --model FILE runs an ONNX model " +
    "in-process, exactly as an executor runs a committed model (checked against the " +
    "contract first; concurrent episodes share batches). Episode i of each environment " +
    "uses seed SEED+i. A server on localhost needs --allow-private-endpoints. --json prints " +
    '{"envs": {ENV_ID: {"success_rate", "episodes", "codes", ...}}}.',
  role: "miner",
  schema: EvalConfigSchema,
  async run({ config, log, signal, print }) {
    const { formatEvalReport, runEval } = await import("../../roles/executor/mod.ts");
    const report = await runEval(config, {
      log,
      signal,
      onEpisode(envId, i, r) {
        const fields = { envId, episode: i, code: r.code, steps: r.steps };
        if (r.error === null) log.info("Episode finished", fields);
        else log.warn("Episode failed", { ...fields, error: r.error });
      },
    });
    if (config.json) print(JSON.stringify(report));
    else for (const line of formatEvalReport(report)) print(line);
    return 0;
  },
});

import { VerifyCycleConfigSchema } from "../../config/mod.ts";
import { UsageError } from "../../errors/mod.ts";
import { defineCommand } from "../command.ts";

/** `kinitro verify-cycle`: re-run a finished cycle's sampled model episodes and compare. */
export const verifyCycleCommand = defineCommand({
  name: "verify-cycle",
  summary: "Re-run a finished cycle's sampled model episodes on CPU and check the results",
  description: "Fetches the cycle's revealed secret and episodes from --api-url, checks the " +
    "secret against its published hash and every seed against the secret, then re-runs " +
    "--sample episodes of each model miner with the committed model (fetched by hash) on the " +
    "CPU renderer and compares success and the action digest (bit for bit for CPU-rendered " +
    "episodes). Endpoint miners are listed, not re-run. Exits 1 when anything does not match.",
  role: "verify",
  args: [{ name: "CYCLE_ID", description: "Id of a finished cycle" }],
  schema: VerifyCycleConfigSchema,
  async run({ config, args, log, signal, print }) {
    const cycleId = Number(args[0]);
    if (!Number.isInteger(cycleId) || cycleId < 0) {
      throw new UsageError(`Cannot verify cycle "${args[0]}": not a cycle id`);
    }
    const { ApiClient } = await import("../../client/mod.ts");
    const { formatVerifyReport, runVerifyCycle } = await import("../../roles/executor/mod.ts");
    const api = new ApiClient({ baseUrl: config.apiUrl });
    const report = await runVerifyCycle(cycleId, config, { log, signal, api });
    if (config.json) print(JSON.stringify(report));
    else for (const line of formatVerifyReport(report)) print(line);
    return report.ok ? 0 : 1;
  },
});

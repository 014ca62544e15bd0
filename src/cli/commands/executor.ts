import { ExecutorConfigSchema } from "../../config/mod.ts";
import { defineCommand } from "../command.ts";

/** `kinitro executor`: claim tasks from the API and run episodes against miners. */
export const executorCommand = defineCommand({
  name: "executor",
  summary: "Claim evaluation tasks from the API and run the episodes against miners",
  description: "Runs episodes in Web Workers (one per core by default; --workers 0 runs them " +
    "in the main thread), --concurrency episodes per worker while miner calls are in flight. " +
    "Leases are extended while episodes run and each result is submitted once. On SIGTERM or " +
    "SIGINT it stops claiming, lets episodes in flight finish for --shutdown-grace-ms, " +
    "releases the rest and exits 0.",
  role: "executor",
  schema: ExecutorConfigSchema,
  async run({ config, log, signal }) {
    const { runExecutor } = await import("../../roles/executor/mod.ts");
    await runExecutor(config, { log, signal });
    return 0;
  },
});

import { ChainStatusConfigSchema } from "../../config/mod.ts";
import { defineCommand } from "../command.ts";

/** `kinitro chain status`: the subnet's weight-setting mode and pending commits. */
export const chainStatusCommand = defineCommand({
  name: "chain status",
  summary: "Show a subnet's weights mode, commit-reveal settings and pending commits",
  description: "Reads, without signing anything: whether commit-reveal is on (set_weights or " +
    "timelocked commits), tempo, reveal period, the commit-reveal version the chain expects, " +
    "the commit call the runtime offers, rate limit, version key, the newest drand round, and " +
    "the pending commits of --hotkey (default: the wallet's hotkey, else every hotkey) with " +
    "their reveal rounds.",
  role: "validator",
  schema: ChainStatusConfigSchema,
  async run({ config, log, print }) {
    const { runChainStatus } = await import("../../roles/validator/mod.ts");
    await runChainStatus(config, { log, print });
    return 0;
  },
});

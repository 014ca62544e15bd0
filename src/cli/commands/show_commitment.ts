import { ShowCommitmentConfigSchema } from "../../config/mod.ts";
import { defineCommand } from "../command.ts";

/** `kinitro show-commitment`: read a commitment back from chain. */
export const showCommitmentCommand = defineCommand({
  name: "show-commitment",
  summary: "Show the on-chain commitment of a hotkey or uid",
  description: "Reads the Commitments pallet for --hotkey, --uid or (by default) the wallet's " +
    "hotkey and prints the text, its block and what it names (a model hash and source, or " +
    "repo, revision and chute id), or why it does not parse.",
  role: "miner",
  schema: ShowCommitmentConfigSchema,
  async run({ config, log, print }) {
    const { runShowCommitment } = await import("../../roles/miner/mod.ts");
    return await runShowCommitment(config, { log, print });
  },
});

import { CommitConfigSchema } from "../../config/mod.ts";
import { defineCommand } from "../command.ts";

/** `kinitro commit`: publish the miner's policy commitment on chain. */
export const commitCommand = defineCommand({
  name: "commit",
  summary: "Commit your policy (repo, revision, chute id) on chain",
  description: "Writes <repo>:<revision[:12]>:<chute-id> to the Commitments pallet with the " +
    "wallet's hotkey, waits until a block includes it and prints the block. Every part is " +
    "checked before connecting (no colons, a hex SHA, a UUID, at most 128 bytes).",
  role: "miner",
  schema: CommitConfigSchema,
  async run({ config, log, print }) {
    const { runCommit } = await import("../../roles/miner/mod.ts");
    return await runCommit(config, { log, print });
  },
});

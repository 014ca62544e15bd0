import { CommitConfigSchema } from "../../config/mod.ts";
import { defineCommand } from "../command.ts";

/** `kinitro commit`: publish the miner's policy commitment on chain. */
export const commitCommand = defineCommand({
  name: "commit",
  summary: "Commit your policy (an ONNX model by hash, or repo, revision, chute id) on chain",
  description: "With --model FILE: hashes the file, checks it against the model contract " +
    "(docs/model-contract.md) and writes m1:<sha256>:hf:<repo>@<revision> (or " +
    "m1:<sha256>:<url> with --url). Without it: writes <repo>:<revision[:12]>:<chute-id>. " +
    "Either goes to the Commitments pallet with the wallet's hotkey; the command waits until " +
    "a block includes it and prints the block. Every part is checked before connecting (at " +
    "most 128 bytes). Commit the hash before you upload the file.",
  role: "miner",
  schema: CommitConfigSchema,
  async run({ config, log, print }) {
    const { runCommit } = await import("../../roles/miner/mod.ts");
    return await runCommit(config, { log, print });
  },
});

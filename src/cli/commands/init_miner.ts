import { InitMinerConfigSchema } from "../../config/mod.ts";
import { defineCommand } from "../command.ts";

/** `kinitro init-miner DIR`: write the starter policy server. */
export const initMinerCommand = defineCommand({
  name: "init-miner",
  summary: "Write a starter policy server (Deno + Hono, Dockerfile, Chutes chute) into DIR",
  description: "Creates DIR if needed and writes the miner template: policy.ts (your policy), " +
    "the protocol v1 server, a Dockerfile and chute.py. Existing files are left alone " +
    "unless --force is given.",
  role: "miner",
  args: [{ name: "DIR", description: "Folder to write the template into" }],
  schema: InitMinerConfigSchema,
  async run({ config, args, log, print }) {
    const { initMiner } = await import("../../roles/miner/mod.ts");
    const dir = args[0];
    const result = await initMiner(dir, { force: config.force });
    log.info("Miner template written", {
      dir,
      files: result.written.length,
      overwritten: result.overwritten.length,
    });
    for (const path of result.written) print(`${dir}/${path}`);
    return 0;
  },
});

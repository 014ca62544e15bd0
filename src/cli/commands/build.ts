import { BuildConfigSchema } from "../../config/mod.ts";
import { defineCommand } from "../command.ts";

/** `kinitro build PATH --tag T [--push]`: build (and push) the policy server image. */
export const buildCommand = defineCommand({
  name: "build",
  summary: "Build the policy server image with docker (and push it with --push)",
  description: "Runs `docker build -t TAG PATH`, then `docker push TAG` with --push. Needs a " +
    "reachable Docker engine; exits 4 when there is none.",
  role: "miner",
  args: [{ name: "PATH", description: "Folder with the Dockerfile (e.g. from init-miner)" }],
  schema: BuildConfigSchema,
  async run({ config, args, log, print }) {
    const { buildImage } = await import("../../roles/miner/mod.ts");
    const code = await buildImage(args[0], { tag: config.tag, push: config.push, log });
    if (code === 0) print(config.tag);
    return code === 0 ? 0 : 1;
  },
});

import { BuildEvalEnvConfigSchema } from "../../config/mod.ts";
import { defineCommand } from "../command.ts";

/** `kinitro build-eval-env --tag T [--push]`: build (and push) the GPU executor image. */
export const buildEvalEnvCommand = defineCommand({
  name: "build-eval-env",
  summary: "Build the GPU executor image from eval-env/Dockerfile (and push it with --push)",
  description: "Runs `docker build -f FILE -t TAG CONTEXT` from the repository root, then " +
    "`docker push TAG` with --push. Needs a reachable Docker engine; exits 4 when there is none.",
  schema: BuildEvalEnvConfigSchema,
  async run({ config, log, print }) {
    const { buildImage } = await import("../../roles/miner/mod.ts");
    const code = await buildImage(config.context, {
      tag: config.tag,
      push: config.push,
      file: config.file,
      log,
    });
    if (code === 0) print(config.tag);
    return code === 0 ? 0 : 1;
  },
});

import { z } from "zod";
import { boolish, builtinPolicy, field, rendererChoice, seedValue } from "../../config/mod.ts";
import { defineCommand } from "../command.ts";

/**
 * `kinitro render ENV_ID --seed S --out DIR`: renders the scene a seed produces from every camera
 * a policy sees, as PNGs; with `--steps N`, also N steps of a built-in policy as numbered frames
 * and an animated GIF per camera.
 */
export const renderCommand = defineCommand({
  name: "render",
  summary: "Render an environment's cameras for a seed to PNG (and GIF with --steps)",
  description: "Writes DIR/<camera>.png for the reset state. With --steps N it also writes " +
    "DIR/<camera>/frame_NNN.png and DIR/<camera>.gif. Images larger than 84x84 are " +
    "anti-aliased (2x2 supersampling); 84x84 is exactly what a miner receives.",
  args: [{ name: "ENV_ID", description: "Environment id (see list-envs)" }],
  schema: z.object({
    seed: field(
      seedValue(),
      "Scene seed",
      { env: false, valueName: "S" },
    ),
    out: field(z.string().min(1), "Output folder (created if missing)", {
      env: false,
      valueName: "DIR",
    }),
    size: field(z.coerce.number().int().min(8).max(2048).default(84), "Image width and height", {
      env: false,
      valueName: "PX",
    }),
    steps: field(
      z.coerce.number().int().min(0).default(0),
      "Also render this many steps of --policy",
      { env: false, valueName: "N" },
    ),
    policy: field(builtinPolicy(), "Policy for --steps", {
      env: false,
      valueName: "POLICY",
    }),
    renderer: field(
      rendererChoice(),
      "Renderer backend (auto: WebGPU on a hardware GPU, else CPU)",
      { env: false, valueName: "BACKEND" },
    ),
    json: field(boolish().default(false), "Print the written files as one JSON object", {
      env: false,
    }),
  }),
  async run({ config, args, print, signal }) {
    const { renderEnv } = await import("../../roles/env_check/mod.ts");
    const envId = args[0];
    const report = await renderEnv({ ...config, envId, signal });
    if (config.json) {
      print(JSON.stringify({
        env_id: envId,
        seed: config.seed,
        renderer: report.renderer,
        steps: report.steps,
        files: report.files,
      }));
    } else {
      for (const f of report.files) print(f);
    }
    return signal.aborted ? 130 : 0;
  },
});

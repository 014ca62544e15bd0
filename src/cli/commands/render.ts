import { z } from "zod";
import { boolish, field, rendererChoice } from "../../config/mod.ts";
import { NotFoundError, UsageError } from "../../errors/mod.ts";
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
      z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
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
    policy: field(z.enum(["oracle", "random", "zero"]).default("oracle"), "Policy for --steps", {
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
    const envs = await import("../../envs/mod.ts");
    const render = await import("../../render/mod.ts");
    const envId = args[0];
    let cameras: readonly string[];
    try {
      cameras = envs.getTask(envId).cameras;
    } catch (err) {
      if (err instanceof NotFoundError) throw new UsageError(err.message, { cause: err });
      throw err;
    }
    const size = { width: config.size, height: config.size };
    using renderer = await render.createRenderer({
      backend: config.renderer,
      supersample: config.size > 84,
    });
    using env = await envs.makeEnv(envId);
    let { observation, state } = env.reset({ seed: config.seed });
    await Deno.mkdir(config.out, { recursive: true });
    const files: string[] = [];
    const draw = async () => {
      const snapshot = env.snapshot();
      const specs = render.cameraSpecs(snapshot, cameras, size);
      return { specs, images: await renderer.render(snapshot, specs) };
    };
    const first = await draw();
    for (const [c, spec] of first.specs.entries()) {
      const file = `${config.out}/${spec.name}.png`;
      await Deno.writeFile(file, render.encodePng(first.images[c], spec.width, spec.height));
      files.push(file);
    }
    let steps = 0;
    if (config.steps > 0) {
      const recorder = new render.FrameRecorder(config.out, { gifDelayMs: 40 });
      const agent = envs.createPolicy(config.policy, envId, config.seed);
      let frame = first;
      for (;;) {
        for (const [c, spec] of frame.specs.entries()) {
          await recorder.add(spec.name, frame.images[c], spec);
        }
        if (steps >= config.steps || signal.aborted) break;
        const r = env.step(agent.act(observation, state));
        observation = r.observation, state = r.state;
        steps++;
        frame = await draw();
        if (r.terminated || r.truncated) {
          for (const [c, spec] of frame.specs.entries()) {
            await recorder.add(spec.name, frame.images[c], spec);
          }
          break;
        }
      }
      await recorder.finish();
      for (const name of cameras) files.push(`${config.out}/${name}.gif`);
    }
    if (config.json) {
      print(JSON.stringify({
        env_id: envId,
        seed: config.seed,
        renderer: renderer.backend,
        steps,
        files,
      }));
    } else {
      for (const f of files) print(f);
    }
    return signal.aborted ? 130 : 0;
  },
});

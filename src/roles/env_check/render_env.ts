import { createPolicy, makeEnv, type PolicyKind } from "../../envs/mod.ts";
import {
  cameraSpecs,
  createRenderer,
  encodePng,
  FrameRecorder,
  type RendererBackend,
} from "../../render/mod.ts";
import { envCameras } from "./check.ts";

/** Options of {@link renderEnv}. */
export interface RenderEnvOptions {
  envId: string;
  seed: number;
  /** Output folder (created if missing). */
  out: string;
  /** Image width and height in pixels; above 84 the images are supersampled. */
  size: number;
  /** Also render this many steps of `policy` (frames and a GIF per camera). */
  steps: number;
  policy: PolicyKind;
  renderer: RendererBackend;
  /** Stops rendering steps. */
  signal: AbortSignal;
}

/** What {@link renderEnv} wrote. */
export interface RenderEnvReport {
  /** The backend that rendered (`auto` resolved). */
  renderer: string;
  steps: number;
  files: string[];
}

/**
 * Renders the scene a seed produces from every camera a policy sees, as PNGs; with `steps`,
 * also that many steps of a built-in policy as numbered frames and a GIF per camera
 * (`kinitro render`).
 *
 * @throws {UsageError} when the environment does not exist
 */
export async function renderEnv(options: RenderEnvOptions): Promise<RenderEnvReport> {
  const { envId, out, signal } = options;
  const cameras = envCameras(envId);
  const size = { width: options.size, height: options.size };
  using renderer = await createRenderer({
    backend: options.renderer,
    supersample: options.size > 84,
  });
  using env = await makeEnv(envId);
  let { observation, state } = env.reset({ seed: options.seed });
  await Deno.mkdir(out, { recursive: true });
  const files: string[] = [];
  const draw = async () => {
    const snapshot = env.snapshot();
    const specs = cameraSpecs(snapshot, cameras, size);
    return { specs, images: await renderer.render(snapshot, specs) };
  };
  const first = await draw();
  for (const [c, spec] of first.specs.entries()) {
    const file = `${out}/${spec.name}.png`;
    await Deno.writeFile(file, encodePng(first.images[c], spec.width, spec.height));
    files.push(file);
  }
  let steps = 0;
  if (options.steps > 0) {
    const recorder = new FrameRecorder(out, { gifDelayMs: 40 });
    const agent = createPolicy(options.policy, envId, options.seed);
    let frame = first;
    for (;;) {
      for (const [c, spec] of frame.specs.entries()) {
        await recorder.add(spec.name, frame.images[c], spec);
      }
      if (steps >= options.steps || signal.aborted) break;
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
    for (const name of cameras) files.push(`${out}/${name}.gif`);
  }
  return { renderer: renderer.backend, steps, files };
}

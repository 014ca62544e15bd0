import { DEFAULT_ENV_IDS } from "../../config/mod.ts";
import { makeEnv } from "../../envs/mod.ts";
import {
  cameraSpecs,
  createRenderer,
  meanAbsDiff,
  probeWebGpu,
  type WebGpuProbe,
} from "../../render/mod.ts";

/** What {@link diagnoseRenderer} found. */
export type RendererDiagnosis = WebGpuProbe & {
  /** WebGPU vs CPU on one task frame, where WebGPU can render (else null). */
  frameCheck: { meanAbsDiff: number; ok: boolean } | null;
};

/**
 * What this machine offers the renderer (`kinitro doctor`): the WebGPU probe and, on a usable
 * adapter, the mean absolute difference of one task frame drawn on WebGPU and on the CPU
 * (`ok` when at most `maxMeanAbsDiff`, in 0..255).
 */
export async function diagnoseRenderer(maxMeanAbsDiff: number): Promise<RendererDiagnosis> {
  const probe = await probeWebGpu();
  let frameCheck: RendererDiagnosis["frameCheck"] = null;
  if (probe.correct) {
    using env = await makeEnv(DEFAULT_ENV_IDS[0]);
    env.reset({ seed: 0 });
    const snapshot = env.snapshot();
    const cams = cameraSpecs(snapshot, ["corner"]);
    using cpu = await createRenderer({ backend: "cpu" });
    using gpu = await createRenderer({ backend: "webgpu" });
    const [a] = await cpu.render(snapshot, cams);
    const [b] = await gpu.render(snapshot, cams);
    const diff = meanAbsDiff(a, b);
    frameCheck = { meanAbsDiff: Number(diff.toFixed(3)), ok: diff <= maxMeanAbsDiff };
  }
  return { ...probe, frameCheck };
}

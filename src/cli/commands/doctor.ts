import { z } from "zod";
import { boolish, field } from "../../config/mod.ts";
import { defineCommand } from "../command.ts";

/** Agreement bound between the WebGPU and CPU frames (mean absolute difference, 0..255). */
const MAX_MEAN_ABS_DIFF = 3;

/**
 * `kinitro doctor`: what this machine offers the renderer (WebGPU adapter, its kind, the wgpu
 * backends allowed), what `--renderer auto` chooses and why; on a usable adapter it renders one
 * task frame on both backends and compares them.
 */
export const doctorCommand = defineCommand({
  name: "doctor",
  summary: "Show which renderer backend this machine uses and why",
  description: "Probes WebGPU (run with --unstable-webgpu, as the kinitro binary is built) and " +
    "prints the adapter, its kind (hardware, software, gl or none), the wgpu backends allowed " +
    "(DENO_WEBGPU_BACKEND; OpenGL is left out by default) and what --renderer auto uses. Where " +
    "WebGPU can render, one task frame is drawn on WebGPU and on the CPU and compared " +
    `(mean difference at most ${MAX_MEAN_ABS_DIFF}/255).`,
  schema: z.object({
    json: field(boolish().default(false), "Print one JSON object", { env: false }),
  }),
  async run({ config, print }) {
    const { diagnoseRenderer } = await import("../../roles/env_check/mod.ts");
    const report = await diagnoseRenderer(MAX_MEAN_ABS_DIFF);
    const { frameCheck } = report;
    if (config.json) {
      print(JSON.stringify(report));
      return 0;
    }
    print(`webgpu adapter:  ${report.adapter ?? "none"} (${report.kind})`);
    print(`wgpu backends:   ${report.backends}`);
    print(`renderer auto:   ${report.auto}`);
    print(`why:             ${report.reason}`);
    if (frameCheck) {
      print(
        `frame check:     WebGPU vs CPU mean difference ${frameCheck.meanAbsDiff}/255 ` +
          (frameCheck.ok ? "(ok)" : `(over ${MAX_MEAN_ABS_DIFF}: do not use --renderer webgpu)`),
      );
    }
    return 0;
  },
});

import { ApiConfigSchema } from "../../config/mod.ts";
import { defineCommand } from "../command.ts";
import { VERSION } from "../version.ts";

/** `kinitro api`: serve the HTTP API. */
export const API = defineCommand({
  name: "api",
  summary: "Serve the HTTP API (weights, scores, task pool for executors)",
  role: "api",
  schema: ApiConfigSchema,
  async run(ctx) {
    const { runApi } = await import("../../roles/api/mod.ts");
    await runApi(ctx.config, { log: ctx.log, signal: ctx.signal, version: VERSION });
    return 0;
  },
});

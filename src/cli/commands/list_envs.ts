import { z } from "zod";
import { boolish, field } from "../../config/mod.ts";
import { defineCommand } from "../command.ts";

/** `kinitro list-envs [--json]`: the registered environment ids with a one-line description. */
export const listEnvsCommand = defineCommand({
  name: "list-envs",
  summary: "List the evaluation environments",
  schema: z.object({
    json: field(boolish().default(false), "Print a JSON array of {id, description}", {
      env: false,
    }),
  }),
  async run({ config, print }) {
    const { listEnvs } = await import("../../envs/mod.ts");
    const envs = listEnvs();
    if (config.json) {
      print(JSON.stringify(envs));
      return 0;
    }
    const width = Math.max(...envs.map((e) => e.id.length));
    for (const e of envs) print(`${e.id.padEnd(width)}  ${e.description}`);
    return 0;
  },
});

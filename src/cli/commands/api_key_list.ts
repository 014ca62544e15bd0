import { defineCommand } from "../command.ts";
import { databaseTargetOf } from "../../config/mod.ts";
import { ApiKeyCommandSchema } from "./_api_key.ts";

/** `kinitro api-key list`. */
export const API_KEY_LIST = defineCommand({
  name: "api-key list",
  summary: "List executor API keys (names, prefixes, revocation)",
  schema: ApiKeyCommandSchema,
  async run(ctx) {
    const { listKeys } = await import("../../roles/admin/mod.ts");
    for (const line of await listKeys(databaseTargetOf(ctx.config), ctx.config.json)) {
      ctx.print(line);
    }
  },
});

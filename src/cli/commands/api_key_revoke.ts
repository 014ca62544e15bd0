import { UsageError } from "../../errors/mod.ts";
import { defineCommand } from "../command.ts";
import { databaseTargetOf } from "../../config/mod.ts";
import { ApiKeyCommandSchema } from "./_api_key.ts";

/** `kinitro api-key revoke --name N`. */
export const API_KEY_REVOKE = defineCommand({
  name: "api-key revoke",
  summary: "Revoke an executor API key",
  schema: ApiKeyCommandSchema,
  async run(ctx) {
    if (!ctx.config.name) throw new UsageError("Cannot revoke an API key: --name is required");
    const { revokeKey } = await import("../../roles/admin/mod.ts");
    await revokeKey(databaseTargetOf(ctx.config), ctx.config.name);
    ctx.print(`Revoked API key "${ctx.config.name}"`);
  },
});

import { UsageError } from "../../errors/mod.ts";
import { defineCommand } from "../command.ts";
import { ApiKeyCommandSchema, targetOf } from "./_api_key.ts";

/** `kinitro api-key create --name N`. */
export const API_KEY_CREATE = defineCommand({
  name: "api-key create",
  summary: "Create an executor API key and print it once (only its hash is stored)",
  schema: ApiKeyCommandSchema,
  async run(ctx) {
    if (!ctx.config.name) throw new UsageError("Cannot create an API key: --name is required");
    const { createKey } = await import("../../roles/admin/mod.ts");
    const key = await createKey(targetOf(ctx.config), ctx.config.name);
    ctx.log.info("API key created; it is printed once", { name: ctx.config.name });
    ctx.print(key);
  },
});

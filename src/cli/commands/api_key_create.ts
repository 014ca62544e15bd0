import { ConflictError, UsageError } from "../../errors/mod.ts";
import { defineCommand } from "../command.ts";
import { databaseTargetOf } from "../../config/mod.ts";
import { ApiKeyCommandSchema } from "./_api_key.ts";

/** `kinitro api-key create --name N`. */
export const API_KEY_CREATE = defineCommand({
  name: "api-key create",
  summary: "Create an executor API key and print it once (only its hash is stored)",
  schema: ApiKeyCommandSchema,
  async run(ctx) {
    if (!ctx.config.name) throw new UsageError("Cannot create an API key: --name is required");
    const { createKey } = await import("../../roles/admin/mod.ts");
    let key: string;
    try {
      key = await createKey(databaseTargetOf(ctx.config), ctx.config.name);
    } catch (err) {
      // A taken name is the caller's mistake (exit 2), not an internal error.
      if (err instanceof ConflictError) throw new UsageError(err.message, { cause: err });
      throw err;
    }
    ctx.log.info("API key created; it is printed once", { name: ctx.config.name });
    ctx.print(key);
  },
});

import { z } from "zod";
import { boolish, DatabaseConfigSchema, field, LogConfigSchema } from "../../config/mod.ts";

/** Flags of every `kinitro api-key` command. */
export const ApiKeyCommandSchema = z.object({
  name: field(
    z.string().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/, "Use letters, digits, . _ : -")
      .optional(),
    "Key name, e.g. the executor host (required by create and revoke)",
    { env: false, valueName: "NAME" },
  ),
  json: field(boolish().default(false), "Print machine-readable JSON (list)", { env: false }),
  ...DatabaseConfigSchema.shape,
  ...LogConfigSchema.shape,
});

import { z } from "zod";
import {
  boolish,
  DatabaseConfigSchema,
  databaseTargetOf,
  field,
  LogConfigSchema,
} from "../../config/mod.ts";
import { type CommandSpec, defineCommand } from "../command.ts";

/** Flags of every `kinitro db` command. */
export const DbCommandSchema = z.object({
  ...DatabaseConfigSchema.shape,
  ...LogConfigSchema.shape,
  yes: field(boolish().default(false), "Confirm a destructive action (reset, drop)", {
    env: false,
    short: "y",
  }),
  json: field(boolish().default(false), "Print machine-readable JSON (status)", { env: false }),
});

type DbAction = "create" | "init" | "migrate" | "status" | "reset" | "drop";

/** Declares `kinitro db <action>`. */
export function dbCommand(
  action: DbAction,
  summary: string,
  description?: string,
): CommandSpec<typeof DbCommandSchema> {
  return defineCommand({
    name: `db ${action}`,
    summary,
    description,
    schema: DbCommandSchema,
    async run(ctx) {
      const { runDbAction } = await import("../../roles/admin/mod.ts");
      const lines = await runDbAction(
        action,
        databaseTargetOf(ctx.config),
        { yes: ctx.config.yes, json: ctx.config.json },
      );
      for (const line of lines) ctx.print(line);
      // `status --json` of a missing database prints {"exists":false} and still fails (exit 4)
      if (action === "status" && lines[0]?.startsWith('{"exists":false')) return 4;
      return 0;
    },
  });
}

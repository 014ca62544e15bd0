import { dbCommand } from "./_db.ts";

/** `kinitro db migrate`. */
export const DB_MIGRATE = dbCommand(
  "migrate",
  "Apply pending schema migrations (a no-op when up to date)",
);

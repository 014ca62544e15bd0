import { dbCommand } from "./_db.ts";

/** `kinitro db create`. */
export const DB_CREATE = dbCommand(
  "create",
  "Create the database (on the server of --database-url, or the embedded data dir)",
);

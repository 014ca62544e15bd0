import { dbCommand } from "./_db.ts";

/** `kinitro db drop`. */
export const DB_DROP = dbCommand(
  "drop",
  "Delete the database, or the embedded data dir (needs --yes)",
);

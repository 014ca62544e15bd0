import { dbCommand } from "./_db.ts";

/** `kinitro db reset`. */
export const DB_RESET = dbCommand(
  "reset",
  "Drop every table and migrate again (needs --yes)",
  "Deletes every cycle, task, result, score, weights record and API key.",
);

import { dbCommand } from "./_db.ts";

/** `kinitro db status`. */
export const DB_STATUS = dbCommand("status", "Print the schema version and row counts");

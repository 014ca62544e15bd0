import { dbCommand } from "./_db.ts";

/** `kinitro db init`. */
export const DB_INIT = dbCommand("init", "Create the database and apply every migration");

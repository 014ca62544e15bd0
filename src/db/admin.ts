import { ConflictError } from "../errors/mod.ts";
import { createPostgresPool, type Db } from "./db.ts";
import { latestVersion, migrate, schemaVersion } from "./migrate.ts";

/** Tables whose row counts {@link databaseStatus} reports, in schema order. */
export const TABLES = [
  "cycles",
  "miners",
  "tasks",
  "episode_results",
  "miner_scores",
  "weights",
  "api_keys",
  "episode_replays",
] as const;

/** Schema version and row counts of a database. */
export interface DatabaseStatus {
  /** Applied schema version (0: never migrated). */
  version: number;
  /** Latest version this binary knows. */
  latest: number;
  /** Rows per table (only tables that exist). */
  rows: Record<string, number>;
}

/** Reads the schema version and the row count of every table. */
export async function databaseStatus(db: Db): Promise<DatabaseStatus> {
  const version = await schemaVersion(db);
  const rows: Record<string, number> = {};
  for (const table of TABLES) {
    const exists = await db.query<{ t: string | null }>("SELECT to_regclass($1)::text AS t", [
      table,
    ]);
    if (!exists[0]?.t) continue;
    const r = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
    rows[table] = r[0].n;
  }
  return { version, latest: latestVersion(), rows };
}

/** Drops every object in the `public` schema and migrates from scratch. */
export async function resetDatabase(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
    await migrate(tx);
  });
}

function splitUrl(url: string): { admin: string; name: string } {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.replace(/^\//, "")) || "postgres";
  u.pathname = name === "postgres" ? "/template1" : "/postgres";
  return { admin: u.toString(), name };
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

async function withAdmin<T>(url: string, fn: (db: Db, name: string) => Promise<T>): Promise<T> {
  const { admin, name } = splitUrl(url);
  const pool = createPostgresPool(admin, { max: 1, prepare: false });
  try {
    return await fn(pool.db, name);
  } finally {
    await pool.end();
  }
}

/**
 * Creates the database named in a server URL (connecting to its `postgres` maintenance
 * database). Returns false when it already exists.
 */
export function createServerDatabase(url: string): Promise<boolean> {
  return withAdmin(url, async (db, name) => {
    const found = await db.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.length > 0) return false;
    try {
      await db.exec(`CREATE DATABASE ${quoteIdent(name)}`);
    } catch (err) {
      if (err instanceof ConflictError) return false;
      throw err;
    }
    return true;
  });
}

/** Drops the database named in a server URL. Returns false when it did not exist. */
export function dropServerDatabase(url: string): Promise<boolean> {
  return withAdmin(url, async (db, name) => {
    if (name === "postgres") {
      throw new ConflictError(`Cannot drop database "postgres": it is the maintenance database`);
    }
    const found = await db.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.length === 0) return false;
    await db.exec(`DROP DATABASE ${quoteIdent(name)} WITH (FORCE)`);
    return true;
  });
}

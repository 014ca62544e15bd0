import type { Db } from "./db.ts";
import { type Migration, MIGRATIONS } from "./migrations/mod.ts";

/** What {@link migrate} did. */
export interface MigrateResult {
  /** Versions applied by this call, in order (empty when already up to date). */
  applied: number[];
  /** Schema version after the call. */
  version: number;
}

/** Options of {@link migrate}. */
export interface MigrateOptions {
  /** Migrations to apply. @default MIGRATIONS */
  migrations?: readonly Migration[];
}

// Arbitrary constant key: serializes concurrent migrators on one database.
const MIGRATION_LOCK_KEY = 7_246_001;

const CREATE_SCHEMA_MIGRATIONS = `
CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/**
 * Applies every migration not yet recorded in `schema_migrations`, in order, in one
 * transaction. Running it again is a no-op.
 */
export async function migrate(db: Db, options: MigrateOptions = {}): Promise<MigrateResult> {
  const migrations = options.migrations ?? MIGRATIONS;
  return await db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
    await tx.query(CREATE_SCHEMA_MIGRATIONS);
    const done = new Set(
      (await tx.query<{ version: number }>("SELECT version FROM schema_migrations"))
        .map((r) => r.version),
    );
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [
        m.version,
        m.name,
      ]);
      applied.push(m.version);
    }
    const version = Math.max(0, ...done, ...applied);
    return { applied, version };
  });
}

/** The applied schema version (0 when the database has never been migrated). */
export async function schemaVersion(db: Db): Promise<number> {
  const exists = await db.query<{ t: string | null }>(
    "SELECT to_regclass('schema_migrations')::text AS t",
  );
  if (!exists[0]?.t) return 0;
  const rows = await db.query<{ v: number | null }>(
    "SELECT max(version) AS v FROM schema_migrations",
  );
  return rows[0]?.v ?? 0;
}

/** The latest version this binary knows. */
export function latestVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return Math.max(0, ...migrations.map((m) => m.version));
}

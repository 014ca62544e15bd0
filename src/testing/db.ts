import { type DbHandle, migrate, openDb, TABLES } from "../db/mod.ts";

/** URL of a real PostgreSQL for tests, from `KINITRO_TEST_DATABASE_URL`, or undefined. */
export const TEST_DATABASE_URL: string | undefined = Deno.env.get("KINITRO_TEST_DATABASE_URL") ||
  undefined;

/** Message logged by tests skipped for want of a real PostgreSQL. */
export const NO_PG_MESSAGE =
  "skipped: set KINITRO_TEST_DATABASE_URL=postgres://... to run against real PostgreSQL";

/** Suffix for the name of a test that needs real PostgreSQL: the skip reason when absent. */
export function pgNote(): string {
  return TEST_DATABASE_URL ? "" : ` (${NO_PG_MESSAGE})`;
}

/** Options of {@link openTestDb}. */
export interface OpenTestDbOptions {
  /** Use the real PostgreSQL of `KINITRO_TEST_DATABASE_URL`. @default false */
  real?: boolean;
  /** Pool size. @default 8 */
  poolSize?: number;
  /** Run migrations. @default true */
  migrate?: boolean;
}

/** Opens an in-memory PGlite (or the real test database), migrated. */
export async function openTestDb(options: OpenTestDbOptions = {}): Promise<DbHandle> {
  const db = options.real
    ? await openDb({ databaseUrl: TEST_DATABASE_URL, poolSize: options.poolSize ?? 8 })
    : await openDb({ memory: true, poolSize: options.poolSize ?? 8 });
  if (options.migrate ?? true) await migrate(db);
  return db;
}

/** Empties every Kinitro table (keeps the schema). */
export async function clearTables(db: DbHandle): Promise<void> {
  await db.query(`TRUNCATE ${TABLES.join(", ")} RESTART IDENTITY CASCADE`);
}

import {
  createServerDatabase,
  type DbHandle,
  dropServerDatabase,
  migrate,
  openDb,
  TABLES,
} from "../db/mod.ts";

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

/** A database URL on the test server with a fresh, unique database name. */
export function freshTestDatabaseUrl(): string {
  if (!TEST_DATABASE_URL) throw new TypeError("Cannot create a test database: no URL set");
  const u = new URL(TEST_DATABASE_URL);
  u.pathname = `/kinitro_test_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  return u.toString();
}

/**
 * Opens an in-memory PGlite, or (with `real`) a fresh database on the server of
 * `KINITRO_TEST_DATABASE_URL` that is dropped on close, so test files can run in parallel.
 */
export async function openTestDb(options: OpenTestDbOptions = {}): Promise<DbHandle> {
  const poolSize = options.poolSize ?? 8;
  let db: DbHandle;
  if (options.real) {
    const url = freshTestDatabaseUrl();
    await createServerDatabase(url);
    const inner = await openDb({ databaseUrl: url, poolSize });
    db = {
      ...inner,
      async close() {
        await inner.close();
        await dropServerDatabase(url);
      },
    };
  } else {
    db = await openDb({ memory: true, poolSize });
  }
  if (options.migrate ?? true) await migrate(db);
  return db;
}

/** Empties every Kinitro table (keeps the schema). */
export async function clearTables(db: DbHandle): Promise<void> {
  await db.query(`TRUNCATE ${TABLES.join(", ")} RESTART IDENTITY CASCADE`);
}

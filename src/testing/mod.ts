/**
 * Helpers for tests only: in-memory databases and fixtures. Nothing outside `*_test.ts`
 * imports this folder.
 *
 * @module
 */
export {
  clearTables,
  freshTestDatabaseUrl,
  NO_PG_MESSAGE,
  openTestDb,
  type OpenTestDbOptions,
  pgNote,
  TEST_DATABASE_URL,
} from "./db.ts";
export { seedCycle, type SeedCycleOptions } from "./fixtures.ts";

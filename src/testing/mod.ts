/**
 * Helpers for tests and benches only: in-memory databases, fixtures, plain reference
 * implementations and fakes. Nothing outside `*_test.ts` files and `tools/` may import this
 * folder.
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
export { type ReferenceScores, scoreTableReference, subsetKey } from "./scoring_reference.ts";
export {
  type FakeExecutorOptions,
  fakeResult,
  type FakeSubmission,
  runFakeExecutor,
} from "./fake_executor.ts";
export {
  failingResetPolicy,
  type FakeActAttempt,
  FakePolicy,
  missingPolicy,
  observeEnv,
  oraclePolicy,
  zeroPolicy,
} from "./policies.ts";
export {
  seedTasks,
  type SeedTasksOptions,
  startTestApi,
  type StartTestApiOptions,
  taskOutcomes,
  type TestApi,
} from "./api_server.ts";
export {
  type FaultyMiner,
  type FaultyMinerOptions,
  type MinerFault,
  refusedUrl,
  serveFaultyMiner,
} from "./faulty_miner.ts";
export {
  seedDashboard,
  type SeedDashboardOptions,
  type SeededDashboard,
  tinyGif,
} from "./dashboard.ts";
export { type FakeChute, type FakeChutes, serveFakeChutes } from "./fake_chutes.ts";

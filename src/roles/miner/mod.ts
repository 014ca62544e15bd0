/**
 * Miner tools: commitments, and the mock policy server used for tests and fault injection.
 * Imports `chain/`, `client/`, `core/`, `config/` types, `errors/` and `log/`; never another
 * role.
 *
 * @module
 */
export { type ChainToolDeps, runCommit, runShowCommitment } from "./commit.ts";
export {
  createMockMinerHandler,
  type MockMiner,
  type MockMinerHandlerOptions,
  type MockMinerOptions,
  type MockMinerStats,
  type MockPolicy,
  startMockMiner,
} from "./mock_server.ts";
export { initMiner, type InitMinerOptions, type InitMinerResult } from "./init.ts";
export { buildImage, type BuildImageOptions, type CommandRunner } from "./build.ts";

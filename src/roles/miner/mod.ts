/**
 * Miner tools: the mock policy server used for tests and fault injection. Imports only
 * `core/`, `client/`, `errors/` and `log/`; never another role.
 *
 * @module
 */
export {
  createMockMinerHandler,
  type MockMiner,
  type MockMinerHandlerOptions,
  type MockMinerOptions,
  type MockMinerStats,
  type MockPolicy,
  startMockMiner,
} from "./mock_server.ts";

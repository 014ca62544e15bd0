/**
<<<<<<< HEAD
 * Typed HTTP clients: the miner policy client (protocol v1, with the endpoint guard and
 * Chutes resolution). Built on `core/wire`; imports only `core/`, `errors/` and `log/`.
 *
 * @module
 */
export {
  type ActAttempt,
  type ActReply,
  DEFAULT_ACT_TIMEOUT_MS,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_RESET_TIMEOUT_MS,
  DEFAULT_WARMUP_LIMIT_MS,
  type MinerCallOptions,
  MinerClient,
  type MinerClientOptions,
  type ResetReply,
} from "./miner.ts";
export {
  EndpointGuard,
  type EndpointGuardOptions,
  type ResolveHost,
  resolveHostDns,
} from "./endpoint_guard.ts";
=======
 * Typed HTTP clients for Kinitro's own API, built on `core/wire`.
 *
 * @module
 */
export { fetchLatestWeights, type FetchWeightsOptions } from "./weights.ts";
>>>>>>> main

/**
 * Typed HTTP clients built on `core/wire`: Kinitro's own API (executors fetch, heartbeat and
 * submit; validators read weights and scores; error envelopes become `KinitroError`s) and the
 * miner policy client (protocol v1, with the endpoint guard and Chutes resolution). Imports
 * only `core/`, `errors/` and `log/`.
 *
 * @module
 */
export { ApiClient, type ApiClientOptions, type FetchTasksOptions } from "./api_client.ts";
export { type ApiErrorInfo, errorFromResponse } from "./errors.ts";
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
  ALLOW_PRIVATE_FLAG,
  EndpointGuard,
  type EndpointGuardOptions,
  isNonPublicHost,
  type ResolveHost,
  resolveHostDns,
} from "./endpoint_guard.ts";
export { fetchLatestWeights, type FetchWeightsOptions } from "./weights.ts";
export {
  type ChuteInfo,
  type ChutesOptions,
  connectMiner,
  type ConnectMinerOptions,
  DEFAULT_CHUTES_API_URL,
  DEFAULT_CHUTES_INVOKE_URL,
  isChuteId,
  resolveChute,
  warmUpChute,
  type WarmUpOptions,
} from "./chutes.ts";

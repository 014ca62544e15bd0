/**
 * Typed HTTP clients of our own API, built on `core/wire`: executors fetch, heartbeat and
 * submit; validators read weights and scores. Error envelopes become `KinitroError`s.
 *
 * @module
 */
export { ApiClient, type ApiClientOptions, type FetchTasksOptions } from "./api_client.ts";
export { type ApiErrorInfo, errorFromResponse } from "./errors.ts";

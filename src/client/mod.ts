/**
 * Typed HTTP clients for Kinitro's own API, built on `core/wire`.
 *
 * @module
 */
export { fetchLatestWeights, type FetchWeightsOptions } from "./weights.ts";

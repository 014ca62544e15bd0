/**
 * Operator tools: `kinitro db …` (create, init, migrate, status, reset, drop) and
 * `kinitro api-key …` (create, list, revoke), on a PostgreSQL URL or the embedded database.
 * Imports db/, config/ (types) and errors/ only.
 *
 * @module
 */
export { type DbAction, type DbTarget, runDbAction, type RunDbActionOptions } from "./db.ts";
export { createKey, listKeys, revokeKey } from "./api_keys.ts";

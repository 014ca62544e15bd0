/**
 * The one error hierarchy of Kinitro. Every error a role throws on purpose is a
 * {@link KinitroError}; the CLI maps it to an exit code and the API to an HTTP status.
 * Imports nothing from the rest of `src/`.
 *
 * @module
 */

/** Stable lower snake_case codes carried by every {@link KinitroError}. */
export type ErrorCode =
  | "usage"
  | "invalid_config"
  | "invalid_request"
  | "invalid_value"
  | "not_found"
  | "conflict"
  | "unauthorized"
  | "forbidden"
  | "payload_too_large"
  | "request_timeout"
  | "upstream_unavailable"
  | "dependency_unavailable"
  | MinerErrorCode
  | "physics_error"
  | "internal";

/** Base class of every error Kinitro throws on purpose. */
export class KinitroError extends Error {
  override name = "KinitroError";
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/**
 * The base of a subclass whose code never varies, so that the subclass states only its name:
 * `class NotFoundError extends withCode("not_found") { override name = "NotFoundError"; }`.
 */
function withCode(code: ErrorCode) {
  return class extends KinitroError {
    constructor(message: string, options?: ErrorOptions) {
      super(code, message, options);
    }
  };
}

/** Bad command line: unknown command or flag, bad positional argument. */
export class UsageError extends withCode("usage") {
  override name = "UsageError";
}

/** One problem with one configuration key. */
export interface ConfigIssue {
  /** Schema key, e.g. `databaseUrl`. */
  key: string;
  /** Environment variable name, e.g. `KINITRO_DATABASE_URL`. */
  env: string;
  /** Flag, e.g. `--database-url`. */
  flag: string;
  /** What is wrong. */
  message: string;
}

/** Invalid configuration; lists every bad key. */
export class ConfigError extends KinitroError {
  override name = "ConfigError";
  readonly issues: ConfigIssue[];
  constructor(message: string, issues: ConfigIssue[] = [], options?: ErrorOptions) {
    super("invalid_config", message, options);
    this.issues = issues;
  }
}

/** A request body or parameter failed validation. */
export class ValidationError extends KinitroError {
  override name = "ValidationError";
  readonly details: { path: string; message: string }[];
  constructor(
    message: string,
    details: { path: string; message: string }[] = [],
    options?: ErrorOptions,
    code: "invalid_request" | "invalid_value" = "invalid_request",
  ) {
    super(code, message, options);
    this.details = details;
  }
}

/**
 * Well-formed input with a value outside its documented bounds or content rules (a number out
 * of range or not finite, a NUL byte in an id): HTTP 422 `invalid_value`.
 */
export class InvalidValueError extends ValidationError {
  override name = "InvalidValueError";
  constructor(
    message: string,
    details: { path: string; message: string }[] = [],
    options?: ErrorOptions,
  ) {
    super(message, details, options, "invalid_value");
  }
}

/** A client sent its request too slowly (HTTP 408). */
export class RequestTimeoutError extends withCode("request_timeout") {
  override name = "RequestTimeoutError";
}

/** Something named does not exist. */
export class NotFoundError extends withCode("not_found") {
  override name = "NotFoundError";
}

/** The request conflicts with the current state. */
export class ConflictError extends withCode("conflict") {
  override name = "ConflictError";
}

/** Missing or bad credentials (401), or not allowed (403). */
export class AuthError extends KinitroError {
  override name = "AuthError";
  readonly status: 401 | 403;
  constructor(message: string, status: 401 | 403 = 401, options?: ErrorOptions) {
    super(status === 401 ? "unauthorized" : "forbidden", message, options);
    this.status = status;
  }
}

/** A body larger than the allowed size. */
export class PayloadTooLargeError extends withCode("payload_too_large") {
  override name = "PayloadTooLargeError";
}

/** Database, chain or API unreachable after retries. */
export class UpstreamError extends withCode("upstream_unavailable") {
  override name = "UpstreamError";
}

/** A dependency needed at start-up is missing (database, chain, GPU adapter, Docker). */
export class DependencyError extends withCode("dependency_unavailable") {
  override name = "DependencyError";
}

/** Result codes that are the miner's fault. */
export type MinerErrorCode =
  | "miner_timeout"
  | "miner_error"
  | "miner_bad_action"
  | "miner_unavailable"
  | "miner_model_unavailable"
  | "miner_model_hash_mismatch"
  | "miner_model_invalid"
  | "miner_model_too_slow"
  | "miner_model_nan"
  | "miner_model_bad_output";

/** The miner's fault: timeout, malformed action or unreachable policy. */
export class MinerError extends KinitroError {
  override name = "MinerError";
  constructor(code: MinerErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}

/**
 * A miner endpoint on a loopback, private or other non-public address, refused because the
 * executor runs without `--allow-private-endpoints`: an operator setting, so the episode ends
 * `infra_error` (never counted against the miner), not `miner_unavailable`.
 */
export class PrivateEndpointError extends DependencyError {
  override name = "PrivateEndpointError";
}

/** The simulation raised a MuJoCo warning or diverged. */
export class PhysicsError extends KinitroError {
  override name = "PhysicsError";
  readonly warnings: string[];
  constructor(message: string, warnings: string[] = [], options?: ErrorOptions) {
    super("physics_error", message, options);
    this.warnings = warnings;
  }
}

/** Maps an error to the HTTP status the API answers with. */
export function httpStatusOf(err: unknown): number {
  if (err instanceof AuthError) return err.status;
  if (!(err instanceof KinitroError)) return 500;
  switch (err.code) {
    case "invalid_request":
    case "usage":
    case "invalid_config":
      return 400;
    case "invalid_value":
      return 422;
    case "not_found":
      return 404;
    case "conflict":
      return 409;
    case "payload_too_large":
      return 413;
    case "request_timeout":
      return 408;
    case "upstream_unavailable":
    case "dependency_unavailable":
      return 503;
    default:
      return 500;
  }
}

/** Process exit codes, defined once. */
export const EXIT_CODES = {
  ok: 0,
  internal: 1,
  usage: 2,
  config: 3,
  dependency: 4,
  interrupted: 130,
} as const;

/** Maps an error to the process exit code the CLI returns. */
export function exitCodeOf(err: unknown): number {
  if (err instanceof UsageError) return EXIT_CODES.usage;
  // A refused credential (an invalid or revoked API key) is a configuration problem, not a bug.
  if (err instanceof ConfigError || err instanceof AuthError) return EXIT_CODES.config;
  if (err instanceof DependencyError || err instanceof UpstreamError) return EXIT_CODES.dependency;
  if (err instanceof NotFoundError) return EXIT_CODES.usage;
  if (err instanceof DOMException && err.name === "AbortError") return EXIT_CODES.interrupted;
  return EXIT_CODES.internal;
}

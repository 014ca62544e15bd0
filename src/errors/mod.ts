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

/**
 * Base class of every error Kinitro throws on purpose. An error's `name` is its class's name
 * (`NotFoundError`), set here once for every subclass.
 */
export class KinitroError extends Error {
  constructor(readonly code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * The base of a subclass whose code never varies, so that the subclass states nothing else:
 * `class NotFoundError extends withCode("not_found") {}`.
 */
function withCode(code: ErrorCode) {
  return class extends KinitroError {
    constructor(message: string, options?: ErrorOptions) {
      super(code, message, options);
    }
  };
}

/** Bad command line: unknown command or flag, bad positional argument. */
export class UsageError extends withCode("usage") {}

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
  constructor(message: string, readonly issues: ConfigIssue[] = [], options?: ErrorOptions) {
    super("invalid_config", message, options);
  }
}

/** A request body or parameter failed validation. */
export class ValidationError extends KinitroError {
  constructor(
    message: string,
    readonly details: { path: string; message: string }[] = [],
    options?: ErrorOptions,
    code: "invalid_request" | "invalid_value" = "invalid_request",
  ) {
    super(code, message, options);
  }
}

/**
 * Well-formed input with a value outside its documented bounds or content rules (a number out
 * of range or not finite, a NUL byte in an id): HTTP 422 `invalid_value`.
 */
export class InvalidValueError extends ValidationError {
  constructor(
    message: string,
    details: { path: string; message: string }[] = [],
    options?: ErrorOptions,
  ) {
    super(message, details, options, "invalid_value");
  }
}

/** A client sent its request too slowly (HTTP 408). */
export class RequestTimeoutError extends withCode("request_timeout") {}

/** Something named does not exist. */
export class NotFoundError extends withCode("not_found") {}

/** The request conflicts with the current state. */
export class ConflictError extends withCode("conflict") {}

/** Missing or bad credentials (401), or not allowed (403). */
export class AuthError extends KinitroError {
  constructor(message: string, readonly status: 401 | 403 = 401, options?: ErrorOptions) {
    super(status === 401 ? "unauthorized" : "forbidden", message, options);
  }
}

/** A body larger than the allowed size. */
export class PayloadTooLargeError extends withCode("payload_too_large") {}

/** Database, chain or API unreachable after retries. */
export class UpstreamError extends withCode("upstream_unavailable") {}

/** A dependency needed at start-up is missing (database, chain, GPU adapter, Docker). */
export class DependencyError extends withCode("dependency_unavailable") {}

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
  constructor(code: MinerErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}

/**
 * A miner endpoint on a loopback, private or other non-public address, refused because the
 * executor runs without `--allow-private-endpoints`: an operator setting, so the episode ends
 * `infra_error` (never counted against the miner), not `miner_unavailable`.
 */
export class PrivateEndpointError extends DependencyError {}

/** The simulation raised a MuJoCo warning or diverged. */
export class PhysicsError extends KinitroError {
  constructor(message: string, readonly warnings: string[] = [], options?: ErrorOptions) {
    super("physics_error", message, options);
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

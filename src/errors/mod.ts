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
  | "upstream_unavailable"
  | "dependency_unavailable"
  | "miner_timeout"
  | "miner_error"
  | "miner_bad_action"
  | "miner_unavailable"
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

/** Bad command line: unknown command or flag, bad positional argument. */
export class UsageError extends KinitroError {
  override name = "UsageError";
  constructor(message: string, options?: ErrorOptions) {
    super("usage", message, options);
  }
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

/** Something named does not exist. */
export class NotFoundError extends KinitroError {
  override name = "NotFoundError";
  constructor(message: string, options?: ErrorOptions) {
    super("not_found", message, options);
  }
}

/** The request conflicts with the current state. */
export class ConflictError extends KinitroError {
  override name = "ConflictError";
  constructor(message: string, options?: ErrorOptions) {
    super("conflict", message, options);
  }
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
export class PayloadTooLargeError extends KinitroError {
  override name = "PayloadTooLargeError";
  constructor(message: string, options?: ErrorOptions) {
    super("payload_too_large", message, options);
  }
}

/** Database, chain or API unreachable after retries. */
export class UpstreamError extends KinitroError {
  override name = "UpstreamError";
  constructor(message: string, options?: ErrorOptions) {
    super("upstream_unavailable", message, options);
  }
}

/** A dependency needed at start-up is missing (database, chain, GPU adapter, Docker). */
export class DependencyError extends KinitroError {
  override name = "DependencyError";
  constructor(message: string, options?: ErrorOptions) {
    super("dependency_unavailable", message, options);
  }
}

/** Result codes that are the miner's fault. */
export type MinerErrorCode =
  | "miner_timeout"
  | "miner_error"
  | "miner_bad_action"
  | "miner_unavailable";

/** The miner's fault: timeout, malformed action or unreachable policy. */
export class MinerError extends KinitroError {
  override name = "MinerError";
  constructor(code: MinerErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
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

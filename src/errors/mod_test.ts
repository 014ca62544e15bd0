import assert from "node:assert/strict";
import {
  AuthError,
  ConfigError,
  ConflictError,
  DependencyError,
  EXIT_CODES,
  exitCodeOf,
  InvalidValueError,
  KinitroError,
  MinerError,
  NotFoundError,
  PayloadTooLargeError,
  PhysicsError,
  PrivateEndpointError,
  RequestTimeoutError,
  UpstreamError,
  UsageError,
  ValidationError,
} from "./mod.ts";

Deno.test("exitCodeOf() maps each error class to the documented exit code", () => {
  assert.equal(exitCodeOf(new UsageError("x")), EXIT_CODES.usage);
  assert.equal(exitCodeOf(new NotFoundError("x")), EXIT_CODES.usage);
  assert.equal(exitCodeOf(new ConfigError("x")), EXIT_CODES.config);
  assert.equal(exitCodeOf(new AuthError("invalid or revoked API key")), EXIT_CODES.config);
  assert.equal(exitCodeOf(new AuthError("not allowed", 403)), EXIT_CODES.config);
  assert.equal(exitCodeOf(new DependencyError("x")), EXIT_CODES.dependency);
  assert.equal(exitCodeOf(new UpstreamError("x")), EXIT_CODES.dependency);
  assert.equal(exitCodeOf(new DOMException("stop", "AbortError")), EXIT_CODES.interrupted);
  assert.equal(exitCodeOf(new ConflictError("x")), EXIT_CODES.internal);
  assert.equal(exitCodeOf(new TypeError("bug")), EXIT_CODES.internal);
});

Deno.test("each fixed-code error class keeps its own name, code and cause", () => {
  const cause = new Error("root");
  const cases: [KinitroError, string, string][] = [
    [new UsageError("x", { cause }), "UsageError", "usage"],
    [new RequestTimeoutError("x", { cause }), "RequestTimeoutError", "request_timeout"],
    [new NotFoundError("x", { cause }), "NotFoundError", "not_found"],
    [new ConflictError("x", { cause }), "ConflictError", "conflict"],
    [new PayloadTooLargeError("x", { cause }), "PayloadTooLargeError", "payload_too_large"],
    [new UpstreamError("x", { cause }), "UpstreamError", "upstream_unavailable"],
    [new DependencyError("x", { cause }), "DependencyError", "dependency_unavailable"],
    [new PrivateEndpointError("x", { cause }), "PrivateEndpointError", "dependency_unavailable"],
  ];
  for (const [err, name, code] of cases) {
    assert.ok(err instanceof KinitroError);
    assert.equal(err.name, name);
    assert.equal(err.code, code);
    assert.equal(err.message, "x");
    assert.equal(err.cause, cause);
  }
  assert.ok(new PrivateEndpointError("x") instanceof DependencyError);
});

Deno.test("each error class with its own fields is named after itself and keeps its fields", () => {
  const issue = { key: "k", env: "KINITRO_K", flag: "--k", message: "bad" };
  const detail = { path: "a", message: "bad" };
  const config = new ConfigError("x", [issue]);
  assert.deepEqual([config.name, config.code, config.issues], ["ConfigError", "invalid_config", [
    issue,
  ]]);
  const invalid = new ValidationError("x", [detail]);
  assert.deepEqual([invalid.name, invalid.code, invalid.details], [
    "ValidationError",
    "invalid_request",
    [detail],
  ]);
  const value = new InvalidValueError("x", [detail]);
  assert.deepEqual([value.name, value.code, value.details], [
    "InvalidValueError",
    "invalid_value",
    [detail],
  ]);
  const auth = new AuthError("x", 403);
  assert.deepEqual([auth.name, auth.code, auth.status], ["AuthError", "forbidden", 403]);
  const miner = new MinerError("miner_timeout", "x");
  assert.deepEqual([miner.name, miner.code], ["MinerError", "miner_timeout"]);
  const physics = new PhysicsError("x", ["w"]);
  assert.deepEqual([physics.name, physics.code, physics.warnings], [
    "PhysicsError",
    "physics_error",
    ["w"],
  ]);
  assert.equal(new KinitroError("internal", "x").name, "KinitroError");
});

import assert from "node:assert/strict";
import {
  AuthError,
  ConfigError,
  ConflictError,
  DependencyError,
  EXIT_CODES,
  exitCodeOf,
  NotFoundError,
  UpstreamError,
  UsageError,
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

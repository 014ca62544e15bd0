import assert from "node:assert/strict";
import { UpstreamError } from "../errors/mod.ts";
import { toKinitroError } from "./db.ts";

function serverError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, severity: "FATAL" });
}

Deno.test("toKinitroError() makes a starting-up or shut-down server a retryable upstream error", () => {
  for (const code of ["57P03", "57P01", "08006"]) {
    const err = toKinitroError(serverError(code, "the database system is starting up"));
    assert.ok(err instanceof UpstreamError, code);
  }
  const other = toKinitroError(serverError("42P01", 'relation "x" does not exist'), "SELECT 1");
  assert.ok(!(other instanceof UpstreamError));
});

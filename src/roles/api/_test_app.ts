/** Test helpers of the API tests: an app over a database and a JSON POST with a key. */
import type { Db } from "../../db/mod.ts";
import { silentLogger } from "../../log/mod.ts";
import type { ApiSettings } from "./_env.ts";
import { createApp } from "./mod.ts";

/** `createApp` with test defaults (no auth cache, no pending-count cache). */
export function testApp(db: Db, settings: Partial<ApiSettings> = {}) {
  return createApp({
    pendingCountTtlMs: 0,
    db,
    log: silentLogger(),
    settings: { leaseSeconds: 60, maxAttempts: 3, bodyLimit: 64 * 1024, ...settings },
    environments: ["metaworld/reach-v4"],
    version: "test",
    authCacheSeconds: 0,
  });
}

/** A JSON POST to the app with a bearer key. */
export function postJson(path: string, body: unknown, key: string): Request {
  return new Request(`http://api${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify(body),
  });
}

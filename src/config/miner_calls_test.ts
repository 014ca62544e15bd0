import assert from "node:assert/strict";
import {
  DEFAULT_ACT_TIMEOUT_MS,
  DEFAULT_RESET_TIMEOUT_MS,
  DEFAULT_WARMUP_LIMIT_MS,
} from "../client/mod.ts";
import { DEFAULT_MAX_CONSECUTIVE_MISSES, DEFAULT_MAX_MISSED_ACTS } from "../core/wire/mod.ts";
import { MinerCallConfigSchema } from "./mod.ts";

Deno.test("MinerCallConfigSchema defaults match the client and the miss policy", () => {
  const c = MinerCallConfigSchema.parse({});
  assert.equal(c.actTimeoutMs, DEFAULT_ACT_TIMEOUT_MS);
  assert.equal(c.resetTimeoutMs, DEFAULT_RESET_TIMEOUT_MS);
  assert.equal(c.warmupLimitMs, DEFAULT_WARMUP_LIMIT_MS);
  assert.equal(c.maxMissedActs, DEFAULT_MAX_MISSED_ACTS);
  assert.equal(c.maxConsecutiveMisses, DEFAULT_MAX_CONSECUTIVE_MISSES);
  assert.equal(c.allowPrivateEndpoints, false);
  assert.equal(c.chutesApiKey, undefined);
  assert.equal(c.chutesApiUrl, "https://api.chutes.ai");
});

Deno.test("MinerCallConfigSchema coerces environment strings", () => {
  const c = MinerCallConfigSchema.parse({ actTimeoutMs: "250", allowPrivateEndpoints: "true" });
  assert.equal(c.actTimeoutMs, 250);
  assert.equal(c.allowPrivateEndpoints, true);
  assert.equal(MinerCallConfigSchema.safeParse({ actTimeoutMs: "0" }).success, false);
});

/**
 * Fuzzer over every API route: random JSON, NUL bytes and lone surrogates, huge and
 * non-finite numbers, deep nesting, wrong types, long headers, odd methods. No response may be
 * a 500, and the API must still answer afterwards. Seeded: a failure names its case number, and
 * `KINITRO_FUZZ_SEED` / `KINITRO_FUZZ_CASES` replay or widen a run (`deno task fuzz`).
 */
import assert from "node:assert/strict";
import { createApiKey } from "../../db/mod.ts";
import { silentLogger } from "../../log/mod.ts";
import { openTestDb, pgNote, seedCycle, TEST_DATABASE_URL } from "../../testing/mod.ts";
import { createApp } from "./mod.ts";

const SEED = Number(Deno.env.get("KINITRO_FUZZ_SEED") ?? 20261204);
const CASES = Number(Deno.env.get("KINITRO_FUZZ_CASES") ?? 2400);

/** A seeded generator (mulberry32), so a failing case can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROUTES: [string, string][] = [
  ["GET", "/health"],
  ["GET", "/v1/status"],
  ["GET", "/v1/weights/latest"],
  ["GET", "/v1/weights/{int}"],
  ["GET", "/v1/scores/latest"],
  ["GET", "/v1/scores/{int}"],
  ["GET", "/v1/miners"],
  ["GET", "/v1/environments"],
  ["GET", "/v1/tasks/stats?cycle_id={int}"],
  ["GET", "/openapi.json"],
  ["GET", "/docs"],
  ["GET", "/metrics"],
  ["POST", "/v1/tasks/fetch"],
  ["POST", "/v1/tasks/submit"],
  ["POST", "/v1/tasks/heartbeat"],
];

const FIELDS = [
  "executor_id",
  "batch_size",
  "env_ids",
  "results",
  "leases",
  "task_id",
  "lease_id",
  "code",
  "steps",
  "reward",
  "missed_acts",
  "latency_p50_ms",
  "latency_p99_ms",
  "wall_ms",
  "error",
];

function fuzzer(next: () => number) {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const strings = () =>
    pick([
      "",
      "a\u0000b",
      "\u0000".repeat(50),
      "\uD800",
      "x\uDFFFy",
      "metaworld/reach-v4",
      "💥".repeat(100),
      "x".repeat(5000),
      "'; DROP TABLE tasks; --",
      "00000000-0000-0000-0000-000000000000",
      crypto.randomUUID(),
      "\u202e\u200b\ufeff",
    ]);
  const numbers = () =>
    pick([0, -1, 1, 1e308, -1e308, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 0.5, 1e-320, 3, 100]);
  const value = (depth: number): unknown => {
    const r = next();
    if (depth > 3 || r < 0.35) return next() < 0.5 ? strings() : numbers();
    if (r < 0.45) return pick([null, true, false]);
    if (r < 0.7) return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1));
    const o: Record<string, unknown> = {};
    for (let i = Math.floor(next() * 5); i > 0; i--) o[pick(FIELDS)] = value(depth + 1);
    return o;
  };
  const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
  const body = (): string => {
    const r = next();
    if (r < 0.08) return deep(pick([100, 5000, 100_000]));
    if (r < 0.14) return pick(["{", "nul\u0000", '{"a":1e999}', "[1e400]", '"\\ud800"', ""]);
    if (r < 0.2) return JSON.stringify(value(0));
    const o = value(1);
    // Mostly well-shaped bodies with hostile values, so validation past the first field runs.
    return JSON.stringify({
      batch_size: next() < 0.5 ? numbers() : value(2),
      env_ids: next() < 0.5 ? [strings()] : value(2),
      executor_id: next() < 0.5 ? strings() : undefined,
      results: [{
        task_id: strings(),
        lease_id: strings(),
        code: pick(["success", "miner_error", strings()]),
        reward: numbers(),
        missed_acts: numbers(),
        wall_ms: numbers(),
        error: strings(),
      }],
      leases: [{ task_id: strings(), lease_id: strings() }],
      ...(typeof o === "object" && o !== null && !Array.isArray(o) ? o : {}),
    });
  };
  const path = (template: string): string =>
    template.replace(
      "{int}",
      () => String(pick([0, 1, -1, "abc", "1e308", "99999999999999999999", "%00", "1.5", 2 ** 31])),
    );
  return { pick, body, path, strings };
}

Deno.test({
  name: `fuzz: ${CASES} hostile requests over every route, no 500, still serving${
    TEST_DATABASE_URL ? pgNote() : " (PGlite)"
  }`,
  async fn() {
    const db = await openTestDb({ real: !!TEST_DATABASE_URL });
    try {
      await seedCycle(db, { miners: 2, episodesPerEnv: 3 });
      const { key } = await createApiKey(db, "fuzz");
      const app = createApp({
        db,
        log: silentLogger(),
        settings: { leaseSeconds: 60, maxAttempts: 3, bodyLimit: 256 * 1024, bodyTimeoutMs: 2000 },
        environments: ["metaworld/reach-v4"],
        version: "fuzz",
        authCacheSeconds: 60,
      });
      const next = rng(SEED);
      const f = fuzzer(next);
      const statuses = new Map<number, number>();
      for (let i = 0; i < CASES; i++) {
        let [method, template] = f.pick(ROUTES);
        if (next() < 0.05) method = f.pick(["PUT", "DELETE", "PATCH", "BREW", "OPTIONS"]);
        const headers: Record<string, string> = { "content-type": "application/json" };
        const h = next();
        if (h < 0.8) headers.authorization = `Bearer ${key}`;
        else if (h < 0.85) headers.authorization = `Bearer ${"k".repeat(60_000)}`;
        else if (h < 0.9) headers.authorization = "Bearer kin_\u00ff\u00fe";
        if (next() < 0.1) headers["x-request-id"] = "r".repeat(next() < 0.5 ? 64 : 10_000);
        if (next() < 0.05) headers["x-long"] = "v".repeat(200_000);
        const init: RequestInit = { method, headers };
        if (method !== "GET" && method !== "HEAD") init.body = f.body();
        const url = `http://api${f.path(template)}`;
        const res = await app.request(url, init);
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        assert.ok(
          res.status < 500 || res.status === 503,
          `case ${i} (seed ${SEED}): ${method} ${url} -> ${res.status} ${text.slice(0, 300)}`,
        );
        assert.notEqual(res.status, 503, `case ${i}: the database is up, 503 is wrong`);
      }
      const health = await app.request("/health");
      assert.equal(health.status, 200, "still serving after the fuzz run");
      // deno-lint-ignore no-console
      console.log(`fuzz statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    } finally {
      await db.close();
    }
  },
});

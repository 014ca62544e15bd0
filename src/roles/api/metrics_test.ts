import assert from "node:assert/strict";
import { silentLogger } from "../../log/mod.ts";
import { openTestDb } from "../../testing/mod.ts";
import { createApp } from "./mod.ts";
import { metricLabels } from "./middleware/observe.ts";

Deno.test("metricLabels(): standard methods and route templates, everything else one label", () => {
  const routes = new Set(["/health", "/v1/weights/:block"]);
  assert.deepEqual(metricLabels("GET", "/v1/weights/:block", routes), {
    method: "GET",
    route: "/v1/weights/:block",
  });
  assert.deepEqual(metricLabels("BREW", "/*", routes), { method: "other", route: "unmatched" });
  assert.deepEqual(metricLabels("GET", "/x/y", routes), { method: "GET", route: "unmatched" });
});

/** A seeded generator, so a failure can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

Deno.test("/metrics stays under 100 KB after 10,000 requests with random methods and paths", async () => {
  const db = await openTestDb();
  try {
    const app = createApp({
      db,
      log: silentLogger(),
      settings: { leaseSeconds: 60, maxAttempts: 3, bodyLimit: 64 * 1024 },
      environments: [],
      version: "test",
    });
    const next = rng(17);
    const word = (n: number) =>
      Array.from(
        { length: n },
        () => "abcdefghijklmnopqrstuvwxyz0123456789"[Math.floor(next() * 36)],
      )
        .join("");
    const methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];
    for (let i = 0; i < 10_000; i++) {
      const method = next() < 0.5
        ? methods[Math.floor(next() * methods.length)]
        : word(3 + (i % 12)).toUpperCase();
      const path = next() < 0.2 ? `/v1/weights/${word(5)}` : `/${word(1 + (i % 40))}/${word(8)}`;
      const res = await app.request(`http://api${path}`, { method });
      assert.ok(res.status < 500, `${method} ${path}: ${res.status}`);
      await res.body?.cancel();
    }
    const text = await (await app.request("/metrics")).text();
    assert.ok(text.length < 100_000, `/metrics is ${text.length} bytes`);
    assert.match(text, /method="other",route="unmatched",status="404"/);
  } finally {
    await db.close();
  }
});

import assert from "node:assert/strict";
import { Metrics } from "../metrics.ts";
import { metricLabels } from "./observe.ts";

Deno.test("metric labels stay bounded whatever methods and paths clients send", () => {
  assert.deepEqual(metricLabels("GET", "/v1/weights/:block"), {
    method: "GET",
    route: "/v1/weights/:block",
  });
  assert.deepEqual(metricLabels("BREW", "/*"), { method: "OTHER", route: "unmatched" });
  // 10,000 requests with random methods and paths, as the catch-all route sees them
  const metrics = new Metrics();
  let state = 7;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
  for (let i = 0; i < 10_000; i++) {
    const method = `M${next().toString(36)}`;
    const { method: m, route } = metricLabels(method, "/*");
    metrics.observe(m, route, [404, 405, 400][next() % 3], (next() % 1000) / 1000);
  }
  const size = new TextEncoder().encode(metrics.render([])).length;
  assert.ok(size < 100_000, `${size} bytes`);
});

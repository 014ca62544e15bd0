import assert from "node:assert/strict";
import { silentLogger } from "../../log/mod.ts";
import { hasGpu } from "../../render/mod.ts";
import { serveFaultyMiner } from "../../testing/mod.ts";
import { WorkerPool } from "./worker_pool.ts";

Deno.test("WorkerPool runs episodes in Web Workers against an HTTP miner", async () => {
  await using ok = serveFaultyMiner("ok");
  await using bad = serveFaultyMiner("short_action");
  const pool = await WorkerPool.create(2, {
    renderer: "cpu",
    allowPrivateEndpoints: true,
    log: { level: "error" },
  }, silentLogger());
  try {
    assert.equal(pool.size, 2);
    assert.equal(pool.backend, "cpu");
    const task = (url: string, i: number) => ({
      envId: "metaworld/reach-v3",
      seed: i,
      episodeId: `w-${i}`,
      maxSteps: 10,
      minerEndpoint: url,
    });
    const results = await Promise.all([
      pool.run(task(ok.url, 0)),
      pool.run(task(ok.url, 1)),
      pool.run(task(bad.url, 2)),
      pool.run(task(ok.url, 3)),
    ]);
    assert.deepEqual(results.map((r) => r.code), [
      "not_solved",
      "not_solved",
      "miner_bad_action",
      "not_solved",
    ]);
    assert.equal(results[0].steps, 10);
    assert.ok(ok.acts() >= 30);
  } finally {
    await pool.close();
  }
});

Deno.test("WorkerPool.create() fails with DependencyError for webgpu without an adapter", {
  // Only meaningful where no WebGPU adapter exists (as on CPU-only CI).
  ignore: await hasGpu(),
}, async () => {
  await assert.rejects(
    WorkerPool.create(1, { renderer: "webgpu", log: { level: "error" } }, silentLogger()),
    (err: Error) => err.name === "DependencyError",
  );
});

import assert from "node:assert/strict";
import { silentLogger } from "../../log/mod.ts";
import { hasGpu } from "../../render/mod.ts";
import { serveFaultyMiner } from "../../testing/mod.ts";
import { createEpisodeExecutor } from "./run.ts";
import { WorkerPool } from "./worker_pool.ts";

Deno.test("WorkerPool runs episodes in Web Workers against an HTTP miner", async () => {
  await using ok = serveFaultyMiner("ok");
  await using bad = serveFaultyMiner("short_action");
  const pool = await WorkerPool.create(2, {
    settings: { renderer: "cpu", allowPrivateEndpoints: true, log: { level: "error" } },
    log: silentLogger(),
  });
  try {
    assert.equal(pool.size, 2);
    assert.equal(pool.backend, "cpu");
    const task = (url: string, i: number) => ({
      envId: "metaworld/reach-v4",
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
    WorkerPool.create(1, {
      settings: { renderer: "webgpu", log: { level: "error" } },
      log: silentLogger(),
    }),
    (err: Error) => err.name === "DependencyError",
  );
});

Deno.test("createEpisodeExecutor() runs episodes in this thread when Workers cannot start", async () => {
  const ex = await createEpisodeExecutor(2, {
    settings: { renderer: "cpu", log: { level: "error" } },
    log: silentLogger(),
    // A worker that fails as it loads, like a bundle without the worker file.
    workerUrl: new URL('data:application/javascript,throw new Error("no worker here")'),
  });
  try {
    assert.equal(ex.workers, 0);
    const r = await ex.run({
      envId: "metaworld/reach-v4",
      seed: 1,
      episodeId: "fallback",
      maxSteps: 3,
      minerEndpoint: "http://127.0.0.1:9",
    });
    assert.equal(r.code, "infra_error", "loopback refused by default, in this thread");
  } finally {
    await ex.close();
  }
});

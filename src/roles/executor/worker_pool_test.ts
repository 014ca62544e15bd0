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

Deno.test("WorkerPool fails the episodes of a crashed worker and replaces it", async () => {
  // Ready at once; crashes on seed 1, else answers a fixed result.
  const source = `self.onmessage = (ev) => {
    const m = ev.data;
    if (m.type === "init") self.postMessage({ type: "ready", backend: "fake" });
    else if (m.type === "run" && m.task.seed === 1) throw new Error("bang");
    else if (m.type === "run") self.postMessage({ type: "result", id: m.id, result: { code: "success", seed: m.task.seed } });
    else if (m.type === "close") { self.postMessage({ type: "closed" }); self.close(); }
  };`;
  const pool = await WorkerPool.create(1, {
    settings: { renderer: "cpu", log: { level: "error" } },
    log: silentLogger(),
    workerUrl: new URL(`data:application/javascript,${encodeURIComponent(source)}`),
  });
  try {
    assert.equal(pool.backend, "fake");
    const task = (seed: number) => ({
      envId: "metaworld/reach-v4",
      seed,
      episodeId: `c-${seed}`,
      maxSteps: 3,
      minerEndpoint: "http://127.0.0.1:9",
    });
    await assert.rejects(pool.run(task(1)), /Cannot finish episode: worker 0 crashed: .*bang/);
    // Bounded: a dead worker that was not replaced would never answer.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) =>
      timer = setTimeout(() => reject(new Error("no worker answered")), 10_000)
    );
    const r = await Promise.race([pool.run(task(2)), late]).finally(() => clearTimeout(timer));
    assert.deepEqual(r, { code: "success", seed: 2 }, "the replacement worker runs the next one");
    assert.equal(pool.size, 1);
  } finally {
    await pool.close();
  }
});

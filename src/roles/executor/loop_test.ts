import assert from "node:assert/strict";
import type { CameraSpec } from "../../core/mod.ts";
import { ApiClient } from "../../client/mod.ts";
import { silentLogger } from "../../log/mod.ts";
import {
  clearTables,
  FakePolicy,
  missingPolicy,
  openTestDb,
  refusedUrl,
  seedTasks,
  serveFaultyMiner,
  startTestApi,
  taskOutcomes,
  zeroPolicy,
} from "../../testing/mod.ts";
import { createThreadRunner } from "./local.ts";
import { runExecutorLoop } from "./loop.ts";
import { EpisodeRunner } from "./runner.ts";
import type { FrameRenderer, PolicyClient } from "./types.ts";

const flatRenderer: FrameRenderer = {
  render: (_s, cams: readonly CameraSpec[]) =>
    Promise.resolve(cams.map((c) => new Uint8Array(c.width * c.height * 3))),
};

function runnerFor(policies: Record<string, PolicyClient>): EpisodeRunner {
  return new EpisodeRunner({}, {
    renderer: flatRenderer,
    createPolicy: (endpoint) => {
      const p = policies[endpoint];
      if (p === undefined) throw new TypeError(`Invalid URL "${endpoint}"`);
      return p;
    },
    log: silentLogger(),
  });
}

Deno.test("runExecutorLoop() against the API on PGlite", async (t) => {
  // PGlite takes seconds to open on a busy machine: one database, cleared between steps.
  // poolSize 1: the embedded PGlite interleaves concurrent statements from several pooled
  // connections ("bind message supplies 1 parameters, but prepared statement \"\" requires 13").
  const db = await openTestDb({ poolSize: 1 });
  const fresh = async (leaseSeconds?: number) => {
    await clearTables(db);
    return await startTestApi({ db, leaseSeconds });
  };
  await t.step("every task ends exactly once with the miner's code", async () => {
    await using api = await fresh();
    await seedTasks(api.db, {
      endpoints: ["http://zero", "http://timeout", "http://gone"],
      episodesPerEnv: 3,
    });
    const runner = runnerFor({
      "http://zero": zeroPolicy(),
      "http://timeout": missingPolicy("miner_timeout"),
    });
    const client = new ApiClient({ baseUrl: api.url, apiKey: api.apiKey, executorId: "w1" });
    const stats = await runExecutorLoop({
      api: client,
      executor: runner,
      capacity: 4,
      log: silentLogger(),
      signal: new AbortController().signal,
      pollIntervalMs: 50,
      exitWhenIdle: true,
    });
    await runner.close();
    assert.equal(stats.claimed, 9);
    assert.equal(stats.accepted, 9);
    assert.equal(stats.duplicates + stats.rejected + stats.lost, 0);
    const rows = await taskOutcomes(api.db);
    assert.equal(rows.length, 9);
    for (const r of rows) {
      assert.equal(r.status, "completed");
      assert.equal(r.results, 1, "one recorded result per task");
      assert.equal(r.attempts, 1);
      const want = { "http://zero": "not_solved", "http://timeout": "miner_timeout" }[r.endpoint] ??
        "miner_unavailable";
      assert.equal(r.code, want, r.endpoint);
    }
  });

  await t.step("heartbeats keep short leases of long episodes alive", async () => {
    await using api = await fresh(2);
    await seedTasks(api.db, { endpoints: ["http://slow"], episodesPerEnv: 2, maxSteps: 14 });
    // 14 acts x 250 ms = 3.5 s per episode, longer than the 2 s lease.
    const slow = new FakePolicy(async () => {
      await new Promise((r) => setTimeout(r, 250));
      return { ok: true, action: [0, 0, 0, 0] };
    });
    const runner = runnerFor({ "http://slow": slow });
    const client = new ApiClient({ baseUrl: api.url, apiKey: api.apiKey });
    const stats = await runExecutorLoop({
      api: client,
      executor: runner,
      capacity: 2,
      log: silentLogger(),
      signal: new AbortController().signal,
      pollIntervalMs: 50,
      heartbeatIntervalMs: 100,
      exitWhenIdle: true,
    });
    await runner.close();
    assert.equal(stats.accepted, 2);
    assert.equal(stats.rejected + stats.abandoned, 0);
    for (const r of await taskOutcomes(api.db)) {
      assert.equal(r.code, "not_solved");
      assert.equal(r.attempts, 1, "never re-leased");
    }
  });

  await t.step("on abort it stops claiming, releases unfinished episodes and returns", async () => {
    await using api = await fresh();
    await seedTasks(api.db, { endpoints: ["http://hang"], episodesPerEnv: 4, maxSteps: 500 });
    // Acts that never answer until aborted.
    const hang = new FakePolicy(() => new Promise(() => {}));
    const runner = runnerFor({ "http://hang": hang });
    const client = new ApiClient({ baseUrl: api.url, apiKey: api.apiKey });
    const ac = new AbortController();
    const loop = runExecutorLoop({
      api: client,
      executor: runner,
      capacity: 2,
      log: silentLogger(),
      signal: ac.signal,
      pollIntervalMs: 50,
      shutdownGraceMs: 200,
    });
    while ((await taskOutcomes(api.db)).filter((r) => r.status === "leased").length < 2) {
      await new Promise((r) => setTimeout(r, 20));
    }
    ac.abort();
    const stats = await loop;
    await runner.close();
    assert.equal(stats.claimed, 2, "no claims after abort");
    assert.equal(stats.released, 2);
    const rows = await taskOutcomes(api.db);
    assert.equal(
      rows.filter((r) => r.status === "pending").length,
      4,
      "released tasks are pending",
    );
  });
  await t.step("faulty HTTP miners end with their codes and the loop keeps going", async () => {
    await using api = await fresh();
    const faults = ["ok", "http_500", "nan_action", "huge_body", "hang_reset"] as const;
    const miners = faults.map((f) => serveFaultyMiner(f));
    const endpoints = [...miners.map((m) => m.url), refusedUrl()];
    await seedTasks(api.db, { endpoints, episodesPerEnv: 1, maxSteps: 10 });
    const runner = await createThreadRunner({
      renderer: "cpu",
      allowPrivateEndpoints: true,
      resetTimeoutMs: 300,
      warmupLimitMs: 700,
    }, silentLogger());
    try {
      const stats = await runExecutorLoop({
        api: new ApiClient({ baseUrl: api.url, apiKey: api.apiKey }),
        executor: runner,
        capacity: 3,
        log: silentLogger(),
        signal: new AbortController().signal,
        pollIntervalMs: 50,
        exitWhenIdle: true,
      });
      assert.equal(
        stats.accepted,
        endpoints.length,
        JSON.stringify([stats, await taskOutcomes(api.db)]),
      );
    } finally {
      await runner.close();
      for (const m of miners) await m.close();
    }
    const rows = await taskOutcomes(api.db);
    assert.deepEqual(rows.map((r) => [r.status, r.code]), [
      ["completed", "not_solved"],
      ["completed", "miner_error"],
      ["completed", "miner_bad_action"],
      ["completed", "miner_error"],
      ["completed", "miner_unavailable"],
      ["completed", "miner_unavailable"],
    ]);
  });

  await db.close();
});

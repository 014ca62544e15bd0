import assert from "node:assert/strict";
import { createApiKey, saveWeights } from "../db/mod.ts";
import { AuthError, NotFoundError, UpstreamError, ValidationError } from "../errors/mod.ts";
import { silentLogger } from "../log/mod.ts";
import { createApp } from "../roles/api/mod.ts";
import { clearTables, openTestDb, seedCycle } from "../testing/mod.ts";
import { ApiClient } from "./mod.ts";

Deno.test("ApiClient against createApp on in-memory PGlite", async (t) => {
  const db = await openTestDb();
  const app = createApp({
    db,
    log: silentLogger(),
    settings: { leaseSeconds: 60, maxAttempts: 3, bodyLimit: 1 << 20 },
    environments: ["metaworld/reach-v4"],
    version: "test",
  });
  const viaApp = (req: Request) => app.request(req);
  try {
    await clearTables(db);
    const { key } = await createApiKey(db, "gpu-1");
    const client = new ApiClient({
      baseUrl: "http://api/",
      apiKey: key,
      executorId: "w1",
      fetch: viaApp,
    });

    await t.step("fetchTasks, heartbeat, submitResults (twice), taskStats", async () => {
      await seedCycle(db, { miners: 1, episodesPerEnv: 1 });
      const { tasks } = await client.fetchTasks({ batchSize: 5 });
      assert.equal(tasks.length, 2);
      const hb = await client.heartbeat(
        tasks.map((x) => ({ task_id: x.task_id, lease_id: x.lease_id })),
      );
      assert.ok(hb.results.every((r) => r.status === "extended"));
      const results = tasks.map((x) => ({
        task_id: x.task_id,
        lease_id: x.lease_id,
        code: "not_solved" as const,
      }));
      assert.equal((await client.submitResults(results)).accepted, 2);
      assert.equal((await client.submitResults(results)).duplicates, 2);
      assert.equal((await client.taskStats()).completed_tasks, 2);
    });

    await t.step("error envelopes come back as KinitroErrors", async () => {
      await assert.rejects(client.latestScores(), NotFoundError);
      await assert.rejects(client.fetchTasks({ batchSize: 0 }), (err) => {
        assert.ok(err instanceof ValidationError);
        assert.equal(err.details[0].path, "batch_size");
        assert.match(err.message, /request [0-9a-f-]{36}/);
        return true;
      });
      const anon = new ApiClient({ baseUrl: "http://api", fetch: viaApp });
      await assert.rejects(anon.fetchTasks(), AuthError);
    });

    await t.step("latestWeights and weightsAt parse the record", async () => {
      const { cycle } = await seedCycle(db, { block: 321 });
      await saveWeights(db, {
        cycleId: cycle.id,
        netuid: 26,
        block: 321,
        uids: [4],
        hotkeys: ["5X"],
        valuesU16: [65535],
        weights: [1],
        signature: null,
        signer: null,
      });
      assert.deepEqual((await client.latestWeights()).uids, [4]);
      assert.equal((await client.weightsAt(321)).block, 321);
      assert.equal(await client.health(), true);
    });

    await t.step("a network failure is an UpstreamError after retries", async () => {
      let calls = 0;
      const down = new ApiClient({
        baseUrl: "http://api",
        retries: 1,
        fetch: () => {
          calls++;
          throw new TypeError("connection refused");
        },
      });
      await assert.rejects(down.status(), UpstreamError);
      assert.equal(calls, 2);
    });
  } finally {
    await db.close();
  }
});

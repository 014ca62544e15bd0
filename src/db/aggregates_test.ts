import assert from "node:assert/strict";
import { ConflictError, DependencyError, NotFoundError, UpstreamError } from "../errors/mod.ts";
import {
  completeCycle,
  countCycles,
  countScoredMiners,
  createApiKey,
  getLatestCompletedCycle,
  getLatestWeights,
  getOpenCycle,
  getWeightsByBlock,
  insertMiners,
  listApiKeys,
  listMiners,
  listScores,
  openDb,
  revokeApiKey,
  saveScores,
  saveWeights,
  verifyApiKey,
} from "./mod.ts";
import {
  clearTables,
  freshTestDatabaseUrl,
  openTestDb,
  pgNote,
  seedCycle,
  TEST_DATABASE_URL,
} from "../testing/mod.ts";

Deno.test("aggregates on in-memory PGlite", async (t) => {
  const db = await openTestDb();
  try {
    await t.step("cycles: open, complete, latest completed", async () => {
      await clearTables(db);
      const { cycle } = await seedCycle(db, { block: 500 });
      assert.equal(cycle.status, "open");
      assert.deepEqual(cycle.envIds, ["metaworld/reach-v4", "metaworld/push-v4"]);
      assert.equal((await getOpenCycle(db))?.id, cycle.id);
      assert.equal(await getLatestCompletedCycle(db), null);
      const done = await completeCycle(db, cycle.id);
      assert.equal(done.status, "complete");
      assert.ok(done.revealedAt instanceof Date);
      assert.equal((await getLatestCompletedCycle(db))?.block, 500);
      assert.equal(await countCycles(db), 1);
      await assert.rejects(completeCycle(db, cycle.id), NotFoundError);
    });

    await t.step("miners and scores round-trip", async () => {
      await clearTables(db);
      const { cycle } = await seedCycle(db);
      await insertMiners(db, cycle.id, [
        {
          uid: 3,
          hotkey: "5A",
          commitment: "org/repo:abc:chute",
          endpoint: "http://m",
          firstBlock: 90,
        },
        { uid: 1, hotkey: "5B", commitment: null, endpoint: null, firstBlock: null },
      ]);
      assert.deepEqual((await listMiners(db, cycle.id)).map((m) => m.uid), [1, 3]);
      await saveScores(db, cycle.id, [{
        uid: 3,
        hotkey: "5A",
        envId: "metaworld/reach-v4",
        episodes: 50,
        successes: 40,
        failures: { not_solved: 8, miner_timeout: 2 },
        successRate: 0.8,
        meanReward: 1.5,
      }]);
      const [s] = await listScores(db, cycle.id);
      assert.deepEqual(s.failures, { not_solved: 8, miner_timeout: 2 });
      assert.equal(s.successRate, 0.8);
      assert.equal(await countScoredMiners(db), 1);
    });

    await t.step("weights: latest by block, exact block", async () => {
      await clearTables(db);
      const { cycle } = await seedCycle(db);
      const base = {
        cycleId: cycle.id,
        netuid: 26,
        uids: [1, 2],
        hotkeys: ["5A", "5B"],
        signature: null,
        signer: null,
      };
      await saveWeights(db, { ...base, block: 100, valuesU16: [65535, 100], weights: [0.9, 0.1] });
      await saveWeights(db, { ...base, block: 200, valuesU16: [1, 65535], weights: [0.1, 0.9] });
      assert.equal((await getLatestWeights(db))?.block, 200);
      assert.deepEqual((await getWeightsByBlock(db, 100))?.valuesU16, [65535, 100]);
      assert.equal(await getWeightsByBlock(db, 150), null);
    });

    await t.step("api keys: stored hashed, verify, duplicate name conflicts, revoke", async () => {
      await clearTables(db);
      const { key, record } = await createApiKey(db, "gpu-1");
      assert.match(key, /^kin_[0-9a-f]{48}$/);
      const stored = await db.query<{ keyHash: string }>("SELECT key_hash FROM api_keys");
      assert.notEqual(stored[0].keyHash, key);
      assert.equal((await verifyApiKey(db, key))?.id, record.id);
      assert.equal(await verifyApiKey(db, key + "x"), null);
      await assert.rejects(createApiKey(db, "gpu-1"), (err) => {
        assert.ok(err instanceof ConflictError);
        assert.match(err.message, /Cannot create API key "gpu-1": an active key has this name/);
        return true;
      });
      await revokeApiKey(db, "gpu-1");
      assert.equal(await verifyApiKey(db, key), null);
      assert.ok((await listApiKeys(db))[0].revokedAt);
      await assert.rejects(revokeApiKey(db, "gpu-1"), NotFoundError);
    });
  } finally {
    await db.close();
  }
});

Deno.test("openDb() maps an unreachable server to UpstreamError", async () => {
  const db = await openDb({ databaseUrl: "postgres://nobody@127.0.0.1:1/none", poolSize: 1 });
  try {
    await assert.rejects(db.query("SELECT 1"), UpstreamError);
  } finally {
    await db.close();
  }
});

Deno.test({
  name: `openDb() on a missing server database says how to create it${pgNote()}`,
  ignore: !TEST_DATABASE_URL,
  async fn() {
    const db = await openDb({ databaseUrl: freshTestDatabaseUrl(), poolSize: 1 });
    try {
      await assert.rejects(db.query("SELECT 1"), (err) => {
        assert.ok(err instanceof NotFoundError);
        assert.match(err.message, /does not exist \(create it with "kinitro db init"\)/);
        return true;
      });
    } finally {
      await db.close();
    }
  },
});

Deno.test("openDb() refuses a data dir another live process holds, and takes over a stale lock", async () => {
  const dir = await Deno.makeTempDir({ prefix: "kinitro_lock_" });
  try {
    // PID 1 (init) is alive on Linux; skip the live-holder half elsewhere
    await Deno.writeTextFile(`${dir}/kinitro.lock`, "1");
    if (Deno.build.os === "linux") {
      await assert.rejects(openDb({ dataDir: dir }), DependencyError);
    }
    await Deno.writeTextFile(`${dir}/kinitro.lock`, "999999999");
    const db = await openDb({ dataDir: dir });
    try {
      assert.equal((await db.query<{ one: number }>("SELECT 1 AS one"))[0].one, 1);
      assert.equal((await Deno.readTextFile(`${dir}/kinitro.lock`)).trim(), String(Deno.pid));
    } finally {
      await db.close();
    }
    await assert.rejects(Deno.stat(`${dir}/kinitro.lock`), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

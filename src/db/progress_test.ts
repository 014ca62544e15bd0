import assert from "node:assert/strict";
import { openTestDb, pgNote, seedDashboard, TEST_DATABASE_URL } from "../testing/mod.ts";
import { createCycle, getCycle } from "./cycles.ts";
import { cycleProgress } from "./progress.ts";

for (const real of [false, true]) {
  const where = real ? "PostgreSQL" : "PGlite";
  Deno.test({
    name: `cycleProgress() counts tasks per environment and results per executor name (${where})${
      real ? pgNote() : ""
    }`,
    ignore: real && !TEST_DATABASE_URL,
    async fn() {
      const db = await openTestDb({ real });
      try {
        const seeded = await seedDashboard(db, { miners: 4, episodes: 10, finished: 0.5 });
        const p = await cycleProgress(db, seeded.open!.id);
        assert.deepEqual(p.envs.map((e) => e.envId).sort(), [...seeded.envIds].sort());
        for (const e of p.envs) {
          // 4 miners x 10 episodes: episodes 0-4 finished (3 of them failed), 5 leased, 6-9 pending
          assert.deepEqual([e.pending, e.leased, e.completed, e.failed], [16, 4, 16, 4]);
        }
        assert.deepEqual(p.executors.map((x) => x.name), ["exec-a", "exec-b"]);
        for (const x of p.executors) {
          assert.ok(!x.name.includes("host"), "host names never leave the database");
        }
        const a = p.executors[0];
        assert.equal(a.leased, 12);
        assert.equal(a.completed + a.errors, 2 * 3 * 5);
        assert.ok(p.recentResults > 0 && p.recentResults <= 60);
      } finally {
        await db.close();
      }
    },
  });
}

Deno.test("createCycle() stores the scoring parameters it is given, null otherwise", async () => {
  const db = await openTestDb();
  try {
    const base = {
      block: 1,
      secret: "00".repeat(32),
      secretHash: "0".repeat(64),
      envIds: ["a/b-v3"],
      episodesPerEnv: 1,
      deadline: new Date(),
    };
    const scoring = { z: 2, epsMin: 0.01, epsMax: 0.3, scheme: "equal" as const, temperature: 0.5 };
    const withParams = await createCycle(db, { ...base, scoring });
    assert.deepEqual((await getCycle(db, withParams.id))!.scoring, scoring);
    const without = await createCycle(db, base);
    assert.equal((await getCycle(db, without.id))!.scoring, null);
  } finally {
    await db.close();
  }
});

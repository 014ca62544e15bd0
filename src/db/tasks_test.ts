import assert from "node:assert/strict";
import {
  aggregateCycleResults,
  claimTasks,
  completeCycle,
  countUnfinishedTasks,
  extendLeases,
  failCycle,
  poolDepth,
  submitResult,
  submitResults,
  taskStats,
} from "./mod.ts";
import { clearTables, openTestDb, pgNote, seedCycle, TEST_DATABASE_URL } from "../testing/mod.ts";

const LEASE = 60;

for (const real of [false, true]) {
  Deno.test({
    name: `task pool on ${real ? `real PostgreSQL${pgNote()}` : "in-memory PGlite"}`,
    ignore: real && !TEST_DATABASE_URL,
    fn: (t) => poolSuite(t, real),
  });
}

async function poolSuite(t: Deno.TestContext, real: boolean): Promise<void> {
  const db = await openTestDb({ real });
  const base = new Date("2030-01-01T00:00:00Z");
  const at = (s: number) => new Date(base.getTime() + s * 1000);
  const deadline = at(3600);
  try {
    await t.step(
      "claimTasks() leases distinct pending tasks with a lease id and expiry",
      async () => {
        await clearTables(db);
        await seedCycle(db, { miners: 2, episodesPerEnv: 2, deadline }); // 8 tasks
        const a = await claimTasks(db, {
          executorId: "ex-a",
          limit: 3,
          leaseSeconds: LEASE,
          now: base,
        });
        const b = await claimTasks(db, {
          executorId: "ex-b",
          limit: 10,
          leaseSeconds: LEASE,
          now: base,
        });
        assert.equal(a.length, 3);
        assert.equal(b.length, 5);
        const ids = new Set([...a, ...b].map((x) => x.taskId));
        assert.equal(ids.size, 8);
        assert.equal(a[0].leaseExpiresAt.getTime(), at(LEASE).getTime());
        assert.equal(a[0].attempt, 1);
        assert.match(a[0].leaseId, /^[0-9a-f-]{36}$/);
        assert.equal(typeof a[0].seed, "number");
        // episode 0 of every miner first
        assert.deepEqual(a.map((x) => x.episodeIndex), [0, 0, 0]);
        assert.equal(
          (await claimTasks(db, { executorId: "ex-c", limit: 5, leaseSeconds: LEASE, now: base }))
            .length,
          0,
        );
        const stats = await taskStats(db, null);
        assert.equal(stats.leased, 8);
        assert.deepEqual(stats.activeExecutors, ["ex-a", "ex-b"]);
      },
    );

    await t.step(
      "claimTasks() filters by env and hands out only open cycles before the deadline",
      async () => {
        await clearTables(db);
        const { cycle } = await seedCycle(db, { miners: 1, episodesPerEnv: 2, deadline });
        const push = await claimTasks(db, {
          executorId: "x",
          limit: 10,
          leaseSeconds: LEASE,
          envIds: ["metaworld/push-v4"],
          now: base,
        });
        assert.equal(push.length, 2);
        assert.ok(push.every((p) => p.envId === "metaworld/push-v4"));
        const late = await claimTasks(db, {
          executorId: "x",
          limit: 10,
          leaseSeconds: LEASE,
          now: at(7200),
        });
        assert.equal(late.length, 0, "no claims after the deadline");
        await completeCycle(db, cycle.id);
        const closed = await claimTasks(db, {
          executorId: "x",
          limit: 10,
          leaseSeconds: LEASE,
          now: base,
        });
        assert.equal(closed.length, 0, "no claims from a completed cycle");
      },
    );

    await t.step("submitResult() accepts once, then reports a duplicate", async () => {
      await clearTables(db);
      await seedCycle(db, { miners: 1, episodesPerEnv: 1, deadline });
      const [task] = await claimTasks(db, {
        executorId: "ex",
        limit: 1,
        leaseSeconds: LEASE,
        now: base,
      });
      const r = {
        taskId: task.taskId,
        leaseId: task.leaseId,
        code: "success" as const,
        steps: 42,
        reward: 3.5,
      };
      const first = await submitResult(db, r, { executorId: "ex", now: at(1) });
      assert.equal(first.status, "accepted");
      assert.equal(first.taskStatus, "completed");
      const second = await submitResult(db, r, { executorId: "ex", now: at(2) });
      assert.equal(second.status, "duplicate");
      assert.match(second.reason ?? "", /already recorded/);
      const rows = await db.query<{ n: number }>("SELECT count(*) AS n FROM episode_results");
      assert.equal(rows[0].n, 1);
    });

    await t.step(
      "submitResult() rejects unknown tasks, foreign executors and wrong leases",
      async () => {
        await clearTables(db);
        await seedCycle(db, { miners: 1, episodesPerEnv: 1, deadline });
        const [task] = await claimTasks(db, {
          executorId: "ex",
          limit: 1,
          leaseSeconds: LEASE,
          now: base,
        });
        const unknown = await submitResult(
          db,
          { taskId: crypto.randomUUID(), leaseId: task.leaseId, code: "success" },
          { executorId: "ex" },
        );
        assert.equal(unknown.status, "rejected");
        assert.match(unknown.reason ?? "", /does not exist/);
        const foreign = await submitResult(
          db,
          { taskId: task.taskId, leaseId: task.leaseId, code: "success" },
          { executorId: "other", now: at(1) },
        );
        assert.equal(foreign.status, "rejected");
        assert.match(foreign.reason ?? "", /another executor/);
        const wrong = await submitResult(
          db,
          { taskId: task.taskId, leaseId: crypto.randomUUID(), code: "success" },
          { executorId: "ex", now: at(1) },
        );
        assert.equal(wrong.status, "rejected");
        assert.match(wrong.reason ?? "", /re-claimed|not the task's current lease/);
      },
    );

    await t.step("an expired lease is re-claimed and its late result is rejected", async () => {
      await clearTables(db);
      await seedCycle(db, {
        miners: 1,
        envIds: ["metaworld/reach-v4"],
        episodesPerEnv: 1,
        deadline,
      });
      const [first] = await claimTasks(db, {
        executorId: "slow",
        limit: 1,
        leaseSeconds: 10,
        now: base,
      });
      assert.equal(
        (await claimTasks(db, { executorId: "fast", limit: 1, leaseSeconds: 10, now: at(5) }))
          .length,
        0,
        "a live lease is not handed out again",
      );
      const [again] = await claimTasks(db, {
        executorId: "fast",
        limit: 1,
        leaseSeconds: 10,
        now: at(11),
      });
      assert.equal(again.taskId, first.taskId);
      assert.notEqual(again.leaseId, first.leaseId);
      assert.equal(again.attempt, 2);
      const late = await submitResult(
        db,
        { taskId: first.taskId, leaseId: first.leaseId, code: "success" },
        { executorId: "slow", now: at(12) },
      );
      assert.equal(late.status, "rejected");
      assert.match(late.reason ?? "", /expired and the task was re-claimed/);
      const ok = await submitResult(
        db,
        { taskId: again.taskId, leaseId: again.leaseId, code: "not_solved" },
        { executorId: "fast", now: at(12) },
      );
      assert.equal(ok.status, "accepted");
      assert.equal((await taskStats(db, null)).completed, 1);
    });

    await t.step("a late result for an expired lease nobody re-claimed is accepted", async () => {
      await clearTables(db);
      await seedCycle(db, {
        miners: 1,
        envIds: ["metaworld/reach-v4"],
        episodesPerEnv: 1,
        deadline,
      });
      const [task] = await claimTasks(db, {
        executorId: "ex",
        limit: 1,
        leaseSeconds: 10,
        now: base,
      });
      const r = await submitResult(
        db,
        { taskId: task.taskId, leaseId: task.leaseId, code: "miner_timeout" },
        { executorId: "ex", now: at(30) },
      );
      assert.equal(r.status, "accepted");
    });

    await t.step("a task fails with infra_error after max_attempts expired leases", async () => {
      await clearTables(db);
      await seedCycle(db, {
        miners: 1,
        envIds: ["metaworld/reach-v4"],
        episodesPerEnv: 1,
        maxAttempts: 2,
        deadline,
      });
      const c1 = await claimTasks(db, { executorId: "a", limit: 1, leaseSeconds: 10, now: base });
      const c2 = await claimTasks(db, { executorId: "a", limit: 1, leaseSeconds: 10, now: at(11) });
      assert.equal(c1.length, 1);
      assert.equal(c2.length, 1);
      assert.equal(c2[0].attempt, 2);
      const c3 = await claimTasks(db, { executorId: "a", limit: 1, leaseSeconds: 10, now: at(22) });
      assert.equal(c3.length, 0);
      const stats = await taskStats(db, null);
      assert.equal(stats.failed, 1);
      const codes = await db.query<{ resultCode: string }>("SELECT result_code FROM tasks");
      assert.equal(codes[0].resultCode, "infra_error");
      assert.equal(await countUnfinishedTasks(db, c1[0].cycleId), 0);
    });

    await t.step(
      "infra_error and physics_error results send the task back while attempts remain",
      async () => {
        await clearTables(db);
        await seedCycle(db, {
          miners: 1,
          envIds: ["metaworld/reach-v4"],
          episodesPerEnv: 1,
          maxAttempts: 2,
          deadline,
        });
        const [a] = await claimTasks(db, {
          executorId: "e",
          limit: 1,
          leaseSeconds: LEASE,
          now: base,
        });
        const r1 = await submitResult(db, {
          taskId: a.taskId,
          leaseId: a.leaseId,
          code: "physics_error",
        }, {
          executorId: "e",
        });
        assert.equal(r1.taskStatus, "pending");
        const [b] = await claimTasks(db, {
          executorId: "e",
          limit: 1,
          leaseSeconds: LEASE,
          now: base,
        });
        assert.equal(b.attempt, 2);
        const r2 = await submitResult(db, {
          taskId: b.taskId,
          leaseId: b.leaseId,
          code: "infra_error",
        }, {
          executorId: "e",
        });
        assert.equal(r2.taskStatus, "failed");
      },
    );

    await t.step("extendLeases() extends held leases and rejects others", async () => {
      await clearTables(db);
      await seedCycle(db, {
        miners: 1,
        envIds: ["metaworld/reach-v4"],
        episodesPerEnv: 2,
        deadline,
      });
      const [a, b] = await claimTasks(db, {
        executorId: "e",
        limit: 2,
        leaseSeconds: 10,
        now: base,
      });
      const out = await extendLeases(
        db,
        [{ taskId: a.taskId, leaseId: a.leaseId }, {
          taskId: b.taskId,
          leaseId: crypto.randomUUID(),
        }],
        { executorId: "e", leaseSeconds: 30, now: at(5) },
      );
      assert.equal(out[0].status, "extended");
      assert.equal(out[0].leaseExpiresAt?.getTime(), at(35).getTime());
      assert.equal(out[1].status, "rejected");
      // extended lease survives past its original expiry; b's does not
      const re = await claimTasks(db, { executorId: "f", limit: 2, leaseSeconds: 10, now: at(15) });
      assert.deepEqual(re.map((x) => x.taskId), [b.taskId]);
    });

    await t.step(
      "aggregateCycleResults() counts episodes, successes and failures by code",
      async () => {
        await clearTables(db);
        const { cycle } = await seedCycle(db, {
          miners: 1,
          envIds: ["metaworld/reach-v4"],
          episodesPerEnv: 4,
          maxAttempts: 1,
          deadline,
        });
        const tasks = await claimTasks(db, {
          executorId: "e",
          limit: 4,
          leaseSeconds: LEASE,
          now: base,
        });
        const codes = ["success", "success", "miner_timeout", "infra_error"] as const;
        const out = await submitResults(
          db,
          tasks.map((t, i) => ({
            taskId: t.taskId,
            leaseId: t.leaseId,
            code: codes[i],
            reward: i,
          })),
          { executorId: "e" },
        );
        assert.deepEqual(out.map((o) => o.status), [
          "accepted",
          "accepted",
          "accepted",
          "accepted",
        ]);
        const [agg] = await aggregateCycleResults(db, cycle.id);
        assert.equal(agg.episodes, 3);
        assert.equal(agg.successes, 2);
        assert.deepEqual(agg.failures, { miner_timeout: 1, infra_error: 1 });
        assert.equal(agg.meanReward, 1);
        assert.deepEqual(await poolDepth(db), { pending: 0, leased: 0, completed: 3, failed: 1 });
      },
    );

    await t.step("a heartbeat revives an expired lease nobody re-claimed", async () => {
      await clearTables(db);
      await seedCycle(db, {
        miners: 1,
        envIds: ["metaworld/reach-v4"],
        episodesPerEnv: 1,
        deadline,
      });
      const [a] = await claimTasks(db, { executorId: "e", limit: 1, leaseSeconds: 10, now: base });
      const [hb] = await extendLeases(db, [{ taskId: a.taskId, leaseId: a.leaseId }], {
        executorId: "e",
        leaseSeconds: 10,
        now: at(15),
      });
      assert.equal(hb.status, "extended");
      assert.equal(
        (await claimTasks(db, { executorId: "f", limit: 1, leaseSeconds: 10, now: at(20) })).length,
        0,
      );
    });

    await t.step("submitResult() rejects results for a cycle that is no longer open", async () => {
      await clearTables(db);
      const { cycle } = await seedCycle(db, { miners: 1, episodesPerEnv: 1, deadline });
      const [a] = await claimTasks(db, { executorId: "e", limit: 1, leaseSeconds: 60, now: base });
      await db.query("UPDATE cycles SET status = 'complete' WHERE id = $1", [cycle.id]);
      const r = await submitResult(db, { taskId: a.taskId, leaseId: a.leaseId, code: "success" }, {
        executorId: "e",
      });
      assert.equal(r.status, "rejected");
      assert.match(r.reason ?? "", /no longer open/);
    });

    await t.step("failCycle() ends unfinished tasks and reveals the secret", async () => {
      await clearTables(db);
      const { cycle } = await seedCycle(db, { miners: 1, episodesPerEnv: 1, deadline });
      const failed = await failCycle(db, cycle.id, "Cycle timed out");
      assert.equal(failed.status, "failed");
      assert.ok(failed.revealedAt);
      assert.equal(await countUnfinishedTasks(db, cycle.id), 0);
    });
  } finally {
    await db.close();
  }
}

for (const [real, workers] of [[false, 8], [true, 32]] as const) {
  Deno.test({
    name: `claimTasks() with ${workers} concurrent claimers hands out every task exactly once on ${
      real ? `real PostgreSQL${pgNote()}` : "PGlite"
    }`,
    ignore: real && !TEST_DATABASE_URL,
    fn: () => concurrentClaims(real, workers),
  });
}

async function concurrentClaims(real: boolean, workers: number): Promise<void> {
  {
    const db = await openTestDb({ real, poolSize: workers });
    try {
      await clearTables(db);
      const { tasks } = await seedCycle(db, { miners: 25, episodesPerEnv: 8 }); // 400 tasks
      const seen: string[] = [];
      const perWorker = await Promise.all(Array.from({ length: workers }, async (_, w) => {
        let n = 0;
        for (;;) {
          const got = await claimTasks(db, { executorId: `w${w}`, limit: 3, leaseSeconds: 60 });
          if (got.length === 0) return n;
          n += got.length;
          seen.push(...got.map((g) => g.taskId));
          const out = await submitResults(
            db,
            got.map((g) => ({ taskId: g.taskId, leaseId: g.leaseId, code: "success" as const })),
            { executorId: `w${w}` },
          );
          assert.ok(out.every((o) => o.status === "accepted"));
        }
      }));
      assert.equal(seen.length, tasks.length);
      assert.equal(new Set(seen).size, tasks.length);
      assert.equal(perWorker.reduce((a, b) => a + b, 0), tasks.length);
      const stats = await taskStats(db, null);
      assert.equal(stats.completed, tasks.length);
      const r = await db.query<{ n: number }>("SELECT count(*) AS n FROM episode_results");
      assert.equal(r[0].n, tasks.length);
    } finally {
      await db.close();
    }
  }
}

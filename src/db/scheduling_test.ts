import assert from "node:assert/strict";
import { openTestDb, seedCycle } from "../testing/mod.ts";
import {
  claimTasks,
  closeUnfinishedTasks,
  getCycle,
  lockCycleOpening,
  submitResult,
  taskStats,
} from "./mod.ts";

Deno.test("closeUnfinishedTasks() ends pending and leased tasks as infra_error, cycle stays open", async () => {
  const db = await openTestDb();
  try {
    const { cycle } = await seedCycle(db, { miners: 2, episodesPerEnv: 2 }); // 8 tasks
    const claimed = await claimTasks(db, { executorId: "ex", limit: 3, leaseSeconds: 60 });
    assert.equal(claimed.length, 3);
    const done = await submitResult(db, {
      taskId: claimed[0].taskId,
      leaseId: claimed[0].leaseId,
      code: "success",
    }, { executorId: "ex" });
    assert.equal(done.status, "accepted");

    assert.equal(await closeUnfinishedTasks(db, cycle.id), 7);
    const stats = await taskStats(db, cycle.id);
    assert.deepEqual([stats.pending, stats.leased, stats.completed, stats.failed], [0, 0, 1, 7]);
    assert.equal((await getCycle(db, cycle.id))!.status, "open");
    const codes = await db.query<{ code: string; n: number }>(
      "SELECT result_code AS code, count(*) AS n FROM tasks WHERE status = 'failed' GROUP BY 1",
    );
    assert.deepEqual([...codes], [{ code: "infra_error", n: 7 }]);
    // A late result for a closed lease is rejected; nothing is handed out again.
    const late = await submitResult(db, {
      taskId: claimed[1].taskId,
      leaseId: claimed[1].leaseId,
      code: "success",
    }, { executorId: "ex" });
    assert.equal(late.status, "rejected");
    assert.equal(
      (await claimTasks(db, { executorId: "ex", limit: 10, leaseSeconds: 60 })).length,
      0,
    );
    assert.equal(await closeUnfinishedTasks(db, cycle.id), 0);
    assert.equal(await db.transaction((tx) => lockCycleOpening(tx)), cycle.id);
    await db.query("UPDATE cycles SET status = 'complete'");
    assert.equal(await db.transaction((tx) => lockCycleOpening(tx)), null);
  } finally {
    await db.close();
  }
});

import assert from "node:assert/strict";
import { openTestDb, seedDashboard, tinyGif } from "../testing/mod.ts";
import { completeCycle } from "./cycles.ts";
import { getReplay, listReplays, type NewReplay, saveReplay } from "./replays.ts";

const REPLAY: NewReplay = {
  code: "not_solved",
  steps: 3,
  reward: 0.5,
  mediaType: "image/gif",
  media: tinyGif(2),
  camera: "corner",
  width: 16,
  height: 16,
  frames: 2,
  frameEvery: 2,
  actions: [[0.1, 0, 0, -1], null, [1, -1, 0.5, 1]],
};

async function openTaskOf(db: Parameters<typeof saveReplay>[0], cycleId: number) {
  const rows = await db.query<{ id: string }>(
    "SELECT id::text FROM tasks WHERE cycle_id = $1 ORDER BY miner_uid, env_id, episode_index LIMIT 1",
    [cycleId],
  );
  return rows[0].id;
}

Deno.test("listReplays() and getReplay() never hand out a running cycle's replay as public", async () => {
  const db = await openTestDb();
  try {
    const s = await seedDashboard(db, { miners: 2, episodes: 2, cycles: 1 });
    const taskId = await openTaskOf(db, s.open!.id);
    const id = await saveReplay(db, taskId, REPLAY);
    assert.ok(id !== null);
    const listed = await listReplays(db, {});
    assert.ok(listed.every((r) => r.cycleId !== s.open!.id), "running cycle's replay not listed");
    assert.equal(listed.length, s.replayIds.length);
    const hidden = await getReplay(db, id);
    assert.equal(hidden!.revealedAt, null, "the caller sees it is not revealed");

    await completeCycle(db, s.open!.id);
    const shown = await getReplay(db, id);
    assert.ok(shown!.revealedAt instanceof Date);
    assert.deepEqual(shown!.actions, REPLAY.actions);
    assert.deepEqual([...shown!.media], [...REPLAY.media]);
    assert.equal((await listReplays(db, { cycleId: s.open!.id })).length, 1);
  } finally {
    await db.close();
  }
});

Deno.test("saveReplay() replaces a task's replay, refuses unknown tasks and prunes old cycles", async () => {
  const db = await openTestDb();
  try {
    const s = await seedDashboard(db, { miners: 2, episodes: 2, cycles: 2 });
    const taskId = await openTaskOf(db, s.open!.id);
    const first = await saveReplay(db, taskId, REPLAY);
    const second = await saveReplay(db, taskId, { ...REPLAY, code: "success" });
    assert.equal(first, second);
    assert.equal((await getReplay(db, second!))!.code, "success");
    assert.equal(await saveReplay(db, crypto.randomUUID(), REPLAY), null);
    // keep 1 cycle back from the open one: the newest completed cycle's replays go
    await saveReplay(db, taskId, REPLAY, { keepCycles: 1 });
    const [{ n }] = await db.query<{ n: number }>(
      "SELECT count(*) AS n FROM episode_replays WHERE cycle_id < $1",
      [s.open!.id],
    );
    assert.equal(n, 0);
  } finally {
    await db.close();
  }
});

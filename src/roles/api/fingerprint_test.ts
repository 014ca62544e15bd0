import assert from "node:assert/strict";
import {
  ErrorEnvelopeSchema,
  FetchTasksResponseSchema,
  ScoresResponseSchema,
  SubmitTasksResponseSchema,
} from "../../core/wire/mod.ts";
import {
  completeCycle,
  createApiKey,
  listCycleFingerprints,
  saveDuplicateGroups,
} from "../../db/mod.ts";
import { silentLogger } from "../../log/mod.ts";
import { openTestDb, seedCycle } from "../../testing/mod.ts";
import { createApp } from "./mod.ts";

const ENV = "metaworld/reach-v4";

function post(path: string, body: unknown, key: string): Request {
  return new Request(`http://api${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify(body),
  });
}

Deno.test("POST /v1/tasks/submit stores a fingerprint, allows none, rejects a malformed one", async () => {
  const db = await openTestDb();
  try {
    const app = createApp({
      pendingCountTtlMs: 0,
      db,
      log: silentLogger(),
      settings: { leaseSeconds: 60, maxAttempts: 3, bodyLimit: 64 * 1024 },
      environments: [ENV],
      version: "test",
    });
    const { cycle } = await seedCycle(db, { miners: 1, envIds: [ENV], episodesPerEnv: 3 });
    const { key } = await createApiKey(db, "gpu-1");
    const { tasks } = FetchTasksResponseSchema.parse(
      await (await app.request(post("/v1/tasks/fetch", { batch_size: 3 }, key))).json(),
    );
    assert.equal(tasks.length, 3);
    const result = (i: number, fingerprint?: unknown) => ({
      task_id: tasks[i].task_id,
      lease_id: tasks[i].lease_id,
      code: "not_solved",
      ...(fingerprint === undefined ? {} : { fingerprint }),
    });
    for (
      const bad of ["ab".repeat(31), "AB".repeat(32), "zz".repeat(32), "ab".repeat(33), 7, ""]
    ) {
      const res = await app.request(post("/v1/tasks/submit", { results: [result(0, bad)] }, key));
      // a malformed string is a 422 (a value outside its rules), a wrong type a 400; never a 500
      const malformed = typeof bad === "string";
      assert.equal(res.status, malformed ? 422 : 400, `${bad}: never a 500`);
      const body = ErrorEnvelopeSchema.parse(await res.json());
      assert.equal(body.error.code, malformed ? "invalid_value" : "invalid_request");
      assert.equal(body.error.details?.[0].path, "results.0.fingerprint");
    }
    const print = "0123456789abcdef".repeat(4);
    const ok = SubmitTasksResponseSchema.parse(
      await (await app.request(post("/v1/tasks/submit", {
        results: [result(0, print), result(1), result(2, null)],
      }, key))).json(),
    );
    assert.equal(ok.accepted, 3);
    const stored = await listCycleFingerprints(db, cycle.id);
    assert.deepEqual(stored.map((r) => [r.episodeIndex, r.fingerprint]), [[0, print]]);

    // the cycle's scores carry its duplicate groups
    await saveDuplicateGroups(db, cycle.id, [{
      uids: [0, 4],
      hotkeys: ["a", "b"],
      originUid: null,
      representativeUid: 4,
      points: 3,
      pairs: [{ a: 0, b: 4, paired: 3, equal: 3 }],
    }]);
    await completeCycle(db, cycle.id);
    const scores = ScoresResponseSchema.parse(
      await (await app.request(`/v1/scores/${cycle.id}`)).json(),
    );
    assert.deepEqual(scores.duplicate_groups, [{
      uids: [0, 4],
      hotkeys: ["a", "b"],
      origin_uid: null,
      representative_uid: 4,
      points: 3,
      pairs: [{ a: 0, b: 4, paired: 3, equal: 3 }],
    }]);
  } finally {
    await db.close();
  }
});

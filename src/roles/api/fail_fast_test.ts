/**
 * Failing fast and owning leases: 503 with Retry-After and no address, database statements
 * bounded in time, slow bodies cut off, leases tied to the key's id, a per-key lease cap.
 */
import assert from "node:assert/strict";
import { createApiKey, type Db, openDb, revokeApiKey, toKinitroError } from "../../db/mod.ts";
import {
  FetchTasksResponseSchema,
  HeartbeatResponseSchema,
  SubmitTasksResponseSchema,
} from "../../core/wire/mod.ts";
import { UpstreamError } from "../../errors/mod.ts";
import { clearTables, openTestDb, seedCycle } from "../../testing/mod.ts";
import { postJson, testApp } from "./_test_app.ts";

function downDb(err: unknown): Db {
  return {
    query: () => Promise.reject(err),
    exec: () => Promise.reject(err),
    transaction: () => Promise.reject(err),
  };
}

Deno.test("PostgreSQL starting up (57P03), shutting down and too many connections are upstream errors", () => {
  for (const code of ["57P03", "57P01", "53300", "08006"]) {
    const err = Object.assign(new Error("the database system is starting up"), {
      code,
      severity: "FATAL",
    });
    assert.ok(toKinitroError(err) instanceof UpstreamError, code);
  }
});

Deno.test("a 503 has Retry-After and names no host or port", async () => {
  const cause = new UpstreamError("Cannot reach the database: connect ECONNREFUSED 10.1.2.3:5432");
  const res = await testApp(downDb(cause)).request("/v1/status");
  assert.equal(res.status, 503);
  assert.equal(res.headers.get("retry-after"), "5");
  const text = await res.text();
  assert.doesNotMatch(text, /10\.1\.2\.3|5432|ECONNREFUSED/);
  assert.equal(JSON.parse(text).error.code, "upstream_unavailable");
});

Deno.test("a database that accepts connections but never answers fails a query within its timeout", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const held: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const conn of listener) held.push(conn);
  })();
  const db = await openDb({
    databaseUrl: `postgres://x@127.0.0.1:${listener.addr.port}/x`,
    queryTimeoutMs: 300,
    connectTimeout: 1,
  });
  try {
    const t0 = performance.now();
    await assert.rejects(db.query("SELECT 1"), UpstreamError);
    const ms = performance.now() - t0;
    assert.ok(ms < 1500, `failed after ${ms.toFixed(0)} ms`);
  } finally {
    listener.close();
    for (const c of held) c.close();
    await accepting.catch(() => {});
    await db.close().catch(() => {});
  }
});

Deno.test("a request body that never ends is cut off with 408", async () => {
  const db = await openTestDb();
  try {
    const { key } = await createApiKey(db, "slow");
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('{"batch_size":'));
      },
    });
    const req = new Request("http://api/v1/tasks/fetch", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body,
    });
    const res = await testApp(db, { bodyTimeoutMs: 200 }).request(req);
    assert.equal(res.status, 408);
    assert.equal((await res.json()).error.code, "request_timeout");
  } finally {
    await db.close();
  }
});

Deno.test("leases belong to the key's id; stats show key names only; the per-key cap holds", async (t) => {
  const db = await openTestDb();
  try {
    await clearTables(db);
    await seedCycle(db, { miners: 2, envIds: ["metaworld/reach-v4"], episodesPerEnv: 6 });
    const app = testApp(db, { maxLeasesPerKey: 3 });

    await t.step("a new key with a revoked key's name does not inherit its leases", async () => {
      const old = await createApiKey(db, "gpu-x");
      const fetched = FetchTasksResponseSchema.parse(
        await (await app.request(
          postJson("/v1/tasks/fetch", { batch_size: 2, executor_id: "w" }, old.key),
        ))
          .json(),
      );
      assert.equal(fetched.tasks.length, 2);
      const stats = await (await app.request("/v1/tasks/stats")).json();
      assert.deepEqual(stats.active_executors, ["gpu-x"], "no worker or host name, no key id");
      await revokeApiKey(db, "gpu-x");
      const heir = await createApiKey(db, "gpu-x");
      const [task] = fetched.tasks;
      const hb = HeartbeatResponseSchema.parse(
        await (await app.request(postJson("/v1/tasks/heartbeat", {
          executor_id: "w",
          leases: [{ task_id: task.task_id, lease_id: task.lease_id }],
        }, heir.key))).json(),
      );
      assert.equal(hb.results[0].status, "rejected");
      const sub = SubmitTasksResponseSchema.parse(
        await (await app.request(postJson("/v1/tasks/submit", {
          executor_id: "w",
          results: [{ task_id: task.task_id, lease_id: task.lease_id, code: "success" }],
        }, heir.key))).json(),
      );
      assert.equal(sub.rejected, 1);
    });

    await t.step("12 concurrent fetches of one key get at most 3 leases in all", async () => {
      const { key } = await createApiKey(db, "greedy");
      const replies = await Promise.all(
        Array.from(
          { length: 12 },
          (_, i) =>
            app.request(postJson("/v1/tasks/fetch", { batch_size: 5, executor_id: `w${i}` }, key)),
        ),
      );
      let leased = 0;
      for (const r of replies) {
        assert.equal(r.status, 200);
        leased += FetchTasksResponseSchema.parse(await r.json()).tasks.length;
      }
      assert.equal(leased, 3);
    });
  } finally {
    await db.close();
  }
});

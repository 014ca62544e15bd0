import assert from "node:assert/strict";
import {
  completeCycle,
  createApiKey,
  type Db,
  revokeApiKey,
  saveScores,
  saveWeights,
} from "../../db/mod.ts";
import {
  ErrorEnvelopeSchema,
  FetchTasksResponseSchema,
  HeartbeatResponseSchema,
  ScoresResponseSchema,
  SignedWeightsSchema,
  StatusResponseSchema,
  SubmitTasksResponseSchema,
  TaskStatsResponseSchema,
  WeightsResponseSchema,
} from "../../core/wire/mod.ts";
import { KinitroError, UpstreamError } from "../../errors/mod.ts";
import { silentLogger } from "../../log/mod.ts";
import {
  clearTables,
  openTestDb,
  pgNote,
  seedCycle,
  TEST_DATABASE_URL,
} from "../../testing/mod.ts";
import { createApp } from "./mod.ts";

const SETTINGS = { leaseSeconds: 60, maxAttempts: 3, bodyLimit: 64 * 1024 };
const ENVS = ["metaworld/reach-v4", "metaworld/push-v4"];

function appWith(db: Db, extra: { now?: () => Date; authCacheSeconds?: number } = {}) {
  return createApp({
    pendingCountTtlMs: 0,
    db,
    log: silentLogger(),
    settings: SETTINGS,
    environments: ENVS,
    version: "test",
    ...extra,
  });
}

async function expectEnvelope(res: Response, status: number, code: string) {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}`);
  const body = ErrorEnvelopeSchema.parse(await res.json());
  assert.equal(body.error.code, code);
  assert.ok(body.error.request_id.length > 0);
  assert.ok(!JSON.stringify(body).includes("    at "), "no stack trace");
  return body;
}

function resultOf(taskId: string, leaseId: string, steps: number) {
  return { "task_id": taskId, "lease_id": leaseId, "code": "success", steps };
}

function post(path: string, body: unknown, key?: string, raw = false): Request {
  return new Request(`http://api${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(key ? { authorization: `Bearer ${key}` } : {}),
    },
    body: raw ? String(body) : JSON.stringify(body),
  });
}

Deno.test("API routes on in-memory PGlite", async (t) => {
  const db = await openTestDb();
  let clock = new Date("2030-01-01T00:00:00Z");
  const app = appWith(db, { now: () => clock, authCacheSeconds: 0 });
  try {
    await t.step("GET /health reports a connected database", async () => {
      const res = await app.request("/health");
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { status: "ok", version: "test", database: "connected" });
      assert.ok(res.headers.get("x-request-id"));
    });

    await t.step(
      "GET /v1/status with an open cycle publishes the commitment, not the secret",
      async () => {
        await clearTables(db);
        const { cycle } = await seedCycle(db, { deadline: new Date("2030-01-02T00:00:00Z") });
        const body = StatusResponseSchema.parse(await (await app.request("/v1/status")).json());
        assert.equal(body.current_cycle?.id, cycle.id);
        assert.equal(body.current_cycle?.seed_commitment, cycle.secretHash);
        assert.equal(body.current_cycle?.secret, null);
        assert.equal(body.is_evaluating, true);
        assert.equal(body.pool.pending, 8);
        assert.deepEqual(body.environments, ENVS);
      },
    );

    await t.step("weights routes: 404 envelope, latest, exact block, bad block", async () => {
      await clearTables(db);
      await expectEnvelope(await app.request("/v1/weights/latest"), 404, "not_found");
      const { cycle } = await seedCycle(db, { block: 1234 });
      await saveWeights(db, {
        cycleId: cycle.id,
        netuid: 26,
        block: 1234,
        uids: [0, 1],
        hotkeys: ["5A", "5B"],
        valuesU16: [65535, 1000],
        weights: [0.98, 0.02],
        signature: "0x" + "ab".repeat(64),
        signer: "5Signer",
      });
      const latest = WeightsResponseSchema.parse(
        await (await app.request("/v1/weights/latest")).json(),
      );
      assert.equal(latest.block, 1234);
      assert.deepEqual(latest.weights_u16, [65535, 1000]);
      assert.deepEqual(latest.weights, { "0": 0.98, "1": 0.02 });
      assert.equal(latest.signature, "0x" + "ab".repeat(64));
      assert.equal((await app.request("/v1/weights/1234")).status, 200);
      // the validator parses the same body with the chain module's schema
      const alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
      await saveWeights(db, {
        cycleId: cycle.id,
        netuid: 26,
        block: 1300,
        uids: [0],
        hotkeys: [alice],
        valuesU16: [65535],
        weights: [1],
        signature: "0x" + "cd".repeat(64),
        signer: alice,
      });
      const signed = SignedWeightsSchema.parse(
        await (await app.request("/v1/weights/latest")).json(),
      );
      assert.equal(signed.block, 1300);
      assert.deepEqual(signed.hotkeys, [alice]);
      await expectEnvelope(await app.request("/v1/weights/99"), 404, "not_found");
      await expectEnvelope(await app.request("/v1/weights/abc"), 400, "invalid_request");
    });

    await t.step("scores, miners and environments of the latest completed cycle", async () => {
      await clearTables(db);
      await expectEnvelope(await app.request("/v1/scores/latest"), 404, "not_found");
      assert.deepEqual(await (await app.request("/v1/miners")).json(), []);
      const { cycle } = await seedCycle(db, { block: 77 });
      await saveScores(db, cycle.id, [
        {
          uid: 1,
          hotkey: "5A",
          envId: ENVS[0],
          episodes: 10,
          successes: 7,
          failures: { not_solved: 2, miner_timeout: 1 },
          successRate: 0.7,
          meanReward: 1,
        },
        {
          uid: 1,
          hotkey: "5A",
          envId: ENVS[1],
          episodes: 10,
          successes: 3,
          failures: { not_solved: 7 },
          successRate: 0.3,
          meanReward: 0.5,
        },
      ]);
      await completeCycle(db, cycle.id);
      const scores = ScoresResponseSchema.parse(
        await (await app.request("/v1/scores/latest")).json(),
      );
      assert.equal(scores.cycle.secret, cycle.secret, "secret revealed once complete");
      const reach = scores.scores.find((s) => s.env_id === ENVS[0]);
      assert.equal(reach?.episodes_failed, 3);
      assert.deepEqual(reach?.failures, { not_solved: 2, miner_timeout: 1 });
      assert.deepEqual(scores.miner_summary, { "1": { [ENVS[0]]: 0.7, [ENVS[1]]: 0.3 } });
      assert.equal((await app.request(`/v1/scores/${cycle.id}`)).status, 200);
      await expectEnvelope(await app.request("/v1/scores/999"), 404, "not_found");
      const miners = await (await app.request("/v1/miners")).json();
      assert.equal(miners.length, 1);
      assert.equal(miners[0].avg_success_rate, 0.5);
      assert.equal(miners[0].last_evaluated_block, 77);
      assert.equal(miners[0].episodes, 20);
      const envs = await (await app.request("/v1/environments")).json();
      assert.equal(envs[0].env_name, "metaworld");
      assert.equal(envs[0].task_name, "reach-v4");
      assert.equal(envs[0].avg_success_rate, 0.7);
      assert.equal(envs[0].n_evaluations, 1);
    });

    await t.step("task routes require a valid, unrevoked API key", async () => {
      await clearTables(db);
      const res = await app.request(post("/v1/tasks/fetch", {}));
      await expectEnvelope(res, 401, "unauthorized");
      assert.equal(res.headers.get("www-authenticate"), "Bearer");
      await expectEnvelope(
        await app.request(post("/v1/tasks/fetch", {}, "nope")),
        401,
        "unauthorized",
      );
      const { key } = await createApiKey(db, "gpu-1");
      assert.equal((await app.request(post("/v1/tasks/fetch", {}, key))).status, 200);
      await revokeApiKey(db, "gpu-1");
      await expectEnvelope(
        await app.request(post("/v1/tasks/fetch", {}, key)),
        401,
        "unauthorized",
      );
    });

    await t.step("fetch, heartbeat, submit, duplicate submit, stats", async () => {
      await clearTables(db);
      clock = new Date("2030-01-01T00:00:00Z");
      await seedCycle(db, {
        miners: 1,
        episodesPerEnv: 2,
        deadline: new Date("2030-01-02T00:00:00Z"),
      });
      const { key } = await createApiKey(db, "gpu-1");
      const fetched = FetchTasksResponseSchema.parse(
        await (await app.request(
          post("/v1/tasks/fetch", { batch_size: 3, executor_id: "w1" }, key),
        ))
          .json(),
      );
      assert.equal(fetched.tasks.length, 3);
      assert.equal(fetched.total_pending, 1);
      const task = fetched.tasks[0];
      assert.equal(typeof task.seed, "number");
      assert.ok(task.miner_endpoint.startsWith("http://"));
      const hb = HeartbeatResponseSchema.parse(
        await (await app.request(post("/v1/tasks/heartbeat", {
          executor_id: "w1",
          leases: [{ task_id: task.task_id, lease_id: task.lease_id }],
        }, key))).json(),
      );
      assert.equal(hb.results[0].status, "extended");
      const result = resultOf(task.task_id, task.lease_id, 80);
      const first = SubmitTasksResponseSchema.parse(
        await (await app.request(
          post("/v1/tasks/submit", { executor_id: "w1", results: [result] }, key),
        ))
          .json(),
      );
      assert.equal(first.accepted, 1);
      const again = SubmitTasksResponseSchema.parse(
        await (await app.request(
          post("/v1/tasks/submit", { executor_id: "w1", results: [result] }, key),
        ))
          .json(),
      );
      assert.equal(again.accepted, 0);
      assert.equal(again.duplicates, 1);
      assert.match(again.results[0].reason ?? "", /already recorded/);
      const wrongWorker = SubmitTasksResponseSchema.parse(
        await (await app.request(post("/v1/tasks/submit", {
          executor_id: "w2",
          results: [{
            task_id: fetched.tasks[1].task_id,
            lease_id: fetched.tasks[1].lease_id,
            code: "success",
          }],
        }, key))).json(),
      );
      assert.equal(wrongWorker.rejected, 1);
      assert.equal(wrongWorker.errors.length, 1);
      const stats = TaskStatsResponseSchema.parse(
        await (await app.request("/v1/tasks/stats")).json(),
      );
      assert.equal(stats.completed_tasks, 1);
      assert.equal(stats.leased_tasks, 2);
      assert.deepEqual(stats.active_executors, ["gpu-1"]);
    });

    await t.step(
      "an expired lease is re-claimed and the stale submit is rejected with a reason",
      async () => {
        await clearTables(db);
        clock = new Date("2030-01-01T00:00:00Z");
        await seedCycle(db, {
          miners: 1,
          envIds: [ENVS[0]],
          episodesPerEnv: 1,
          maxAttempts: 2,
          deadline: new Date("2030-01-02T00:00:00Z"),
        });
        const { key } = await createApiKey(db, "gpu-2");
        const fetchOne = async () =>
          FetchTasksResponseSchema.parse(
            await (await app.request(post("/v1/tasks/fetch", { batch_size: 1 }, key))).json(),
          ).tasks;
        const [a] = await fetchOne();
        clock = new Date(clock.getTime() + 61_000);
        const [b] = await fetchOne();
        assert.equal(b.task_id, a.task_id);
        assert.equal(b.attempt, 2);
        const stale = SubmitTasksResponseSchema.parse(
          await (await app.request(post("/v1/tasks/submit", {
            results: [{ task_id: a.task_id, lease_id: a.lease_id, code: "success" }],
          }, key))).json(),
        );
        assert.equal(stale.rejected, 1);
        assert.match(stale.results[0].reason ?? "", /expired and the task was re-claimed/);
        clock = new Date(clock.getTime() + 61_000);
        assert.deepEqual(await fetchOne(), [], "max attempts reached");
        const stats = TaskStatsResponseSchema.parse(
          await (await app.request("/v1/tasks/stats")).json(),
        );
        assert.equal(stats.failed_tasks, 1);
      },
    );

    await t.step("bad input gets the envelope and the service keeps serving", async () => {
      const { key } = await createApiKey(db, "gpu-bad");
      let body = await expectEnvelope(
        await app.request(post("/v1/tasks/fetch", "{not json", key, true)),
        400,
        "invalid_request",
      );
      assert.match(body.error.message, /not valid JSON/);
      body = await expectEnvelope(
        await app.request(post("/v1/tasks/fetch", { batch_size: "ten" }, key)),
        400,
        "invalid_request",
      );
      assert.equal(body.error.details?.[0].path, "batch_size");
      await expectEnvelope(
        await app.request(post("/v1/tasks/fetch", { batch_size: 1000 }, key)),
        422,
        "invalid_value",
      );
      await expectEnvelope(
        await app.request(post("/v1/tasks/submit", { results: [{ task_id: "x" }] }, key)),
        400,
        "invalid_request",
      );
      // numbers from outside are bounded: a huge reward or missed_acts count never reaches the
      // scheduler's sums or an int column
      const result = {
        "task_id": crypto.randomUUID(),
        "lease_id": crypto.randomUUID(),
        code: "success",
      };
      for (
        const [field, value] of [["reward", 1e308], ["missed_acts", 2 ** 31], ["wall_ms", 1e20]]
      ) {
        body = await expectEnvelope(
          await app.request(
            post("/v1/tasks/submit", { results: [{ ...result, [field]: value }] }, key),
          ),
          422,
          "invalid_value",
        );
        assert.equal(body.error.details?.[0].path, `results.0.${field}`);
      }
      await expectEnvelope(
        await app.request(post("/v1/tasks/fetch", { surprise: 1 }, key)),
        400,
        "invalid_request",
      );
      const big = { results: [], padding: "x".repeat(SETTINGS.bodyLimit + 10) };
      await expectEnvelope(
        await app.request(post("/v1/tasks/submit", big, key)),
        413,
        "payload_too_large",
      );
      await expectEnvelope(await app.request("/v1/nope"), 404, "not_found");
      await expectEnvelope(await app.request("/v1/tasks/fetch"), 404, "not_found");
      await expectEnvelope(
        await app.request("/v1/tasks/stats?cycle_id=-1"),
        400,
        "invalid_request",
      );
      assert.equal((await app.request("/health")).status, 200);
      assert.equal((await app.request(post("/v1/tasks/fetch", {}, key))).status, 200);
    });

    await t.step("GET /openapi.json, /docs and /metrics", async () => {
      const doc = await (await app.request("/openapi.json")).json();
      assert.equal(doc.openapi, "3.1.0");
      for (
        const p of ["/v1/tasks/fetch", "/v1/weights/{block}", "/health", "/v1/tasks/heartbeat"]
      ) {
        assert.ok(doc.paths[p], `missing ${p}`);
      }
      assert.ok(
        doc.paths["/v1/tasks/fetch"].post.requestBody.content["application/json"].schema.properties
          .batch_size,
      );
      const docs = await app.request("/docs");
      assert.match(await docs.text(), /POST \/v1\/tasks\/submit/);
      const metrics = await (await app.request("/metrics")).text();
      assert.match(
        metrics,
        /kinitro_api_requests_total\{method="POST",route="\/v1\/tasks\/fetch",status="200"\} \d+/,
      );
      assert.match(
        metrics,
        /kinitro_api_request_duration_seconds_bucket\{method="GET",route="\/health",le="0.05"\}/,
      );
      assert.match(metrics, /kinitro_task_pool_depth\{status="pending"\} \d+/);
    });
  } finally {
    await db.close();
  }
});

function failingDb(err: unknown): Db {
  return {
    query: () => Promise.reject(err),
    exec: () => Promise.reject(err),
    transaction: () => Promise.reject(err),
  };
}

Deno.test("GET /health answers 503 when the database is unreachable", async () => {
  const app = appWith(failingDb(new UpstreamError("Cannot reach the database: refused")));
  const res = await app.request("/health");
  assert.equal(res.status, 503);
  assert.equal((await res.json()).database, "disconnected");
  await expectEnvelope(await app.request("/v1/status"), 503, "upstream_unavailable");
});

Deno.test("/metrics stays small after 10,000 requests with random methods and paths", async () => {
  const app = appWith(failingDb(new UpstreamError("Cannot reach the database: refused")));
  let state = 11;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
  const statuses = new Set<number>();
  for (let i = 0; i < 10_000; i++) {
    const method = ["GET", "POST", `X${next().toString(36)}`][next() % 3];
    const path = ["/health", "/v1/tasks/fetch", `/${next().toString(36)}/${next()}`][next() % 3];
    const res = await app.request(path, { method });
    statuses.add(res.status);
    await res.body?.cancel();
  }
  assert.ok(!statuses.has(500), [...statuses].join(","));
  const text = await (await app.request("/metrics")).text();
  assert.ok(text.length < 100_000, `${text.length} bytes`);
  assert.match(text, /method="other"/);
});

Deno.test("an unexpected error is a 500 envelope without details", async () => {
  const app = appWith(failingDb(new Error("secret internals at line 3")));
  const res = await app.request("/v1/weights/latest");
  const body = await expectEnvelope(res, 500, "internal");
  assert.equal(body.error.message, "Internal server error");
  assert.ok(!JSON.stringify(body).includes("secret internals"));
  assert.ok(!(new Error() instanceof KinitroError));
});

for (const [real, clients] of [[false, 8], [true, 32]] as const) {
  Deno.test({
    name: `POST /v1/tasks/fetch and /submit with ${clients} concurrent executors complete every ` +
      `task once on ${real ? `real PostgreSQL${pgNote()}` : "PGlite"}`,
    ignore: real && !TEST_DATABASE_URL,
    async fn() {
      const db = await openTestDb({ real, poolSize: clients });
      try {
        const app = appWith(db);
        const { tasks } = await seedCycle(db, { miners: 10, episodesPerEnv: 10 }); // 200 tasks
        const { key } = await createApiKey(db, "swarm");
        const seen: string[] = [];
        await Promise.all(Array.from({ length: clients }, async (_, w) => {
          for (;;) {
            const res = await app.request(
              post("/v1/tasks/fetch", { batch_size: 2, executor_id: `w${w}` }, key),
            );
            const got = FetchTasksResponseSchema.parse(await res.json()).tasks;
            if (got.length === 0) return;
            seen.push(...got.map((g) => g.task_id));
            const sub = SubmitTasksResponseSchema.parse(
              await (await app.request(post("/v1/tasks/submit", {
                executor_id: `w${w}`,
                results: got.map((g) => resultOf(g.task_id, g.lease_id, 10)),
              }, key))).json(),
            );
            assert.equal(sub.accepted, got.length);
          }
        }));
        assert.equal(seen.length, tasks.length);
        assert.equal(new Set(seen).size, tasks.length);
        const stats = TaskStatsResponseSchema.parse(
          await (await app.request("/v1/tasks/stats")).json(),
        );
        assert.equal(stats.completed_tasks, tasks.length);
        assert.equal(stats.pending_tasks + stats.leased_tasks + stats.failed_tasks, 0);
      } finally {
        await db.close();
      }
    },
  });
}

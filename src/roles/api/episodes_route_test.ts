import assert from "node:assert/strict";
import { completeCycle, createApiKey } from "../../db/mod.ts";
import {
  CycleEpisodesResponseSchema,
  ErrorEnvelopeSchema,
  FetchTasksResponseSchema,
} from "../../core/wire/mod.ts";
import { silentLogger } from "../../log/mod.ts";
import { openTestDb, seedCycle } from "../../testing/mod.ts";
import { createApp } from "./mod.ts";

function post(path: string, body: unknown, key: string): Request {
  return new Request(`http://api${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify(body),
  });
}

Deno.test("GET /v1/cycles/:id/episodes publishes seeds and recorded results only after the reveal", async () => {
  const db = await openTestDb();
  const app = createApp({
    pendingCountTtlMs: 0,
    db,
    log: silentLogger(),
    settings: { leaseSeconds: 60, maxAttempts: 3, bodyLimit: 64 * 1024 },
    environments: ["metaworld/reach-v4"],
    version: "test",
  });
  try {
    const { cycle } = await seedCycle(db, {
      envIds: ["metaworld/reach-v4"],
      miners: 1,
      episodesPerEnv: 2,
    });
    const { key } = await createApiKey(db, "gpu-1");
    const fetched = FetchTasksResponseSchema.parse(
      await (await app.request(post("/v1/tasks/fetch", { batch_size: 10 }, key))).json(),
    );
    const digest = "d".repeat(64);
    const results = fetched.tasks.map((t, i) => ({
      "task_id": t.task_id,
      "lease_id": t.lease_id,
      code: i === 0 ? "success" : "miner_model_nan",
      steps: 12,
      renderer: "cpu",
      runtime: "onnxruntime-web@1.31.1/wasm",
      "model_sha256": "a".repeat(64),
      "action_digest": digest,
    }));
    const submitted = await (await app.request(post("/v1/tasks/submit", { results }, key))).json();
    assert.equal(submitted.accepted, 2, JSON.stringify(submitted));

    const early = await app.request(`/v1/cycles/${cycle.id}/episodes`);
    assert.equal(early.status, 409);
    assert.match(ErrorEnvelopeSchema.parse(await early.json()).error.message, /not revealed yet/);

    await completeCycle(db, cycle.id);
    const body = CycleEpisodesResponseSchema.parse(
      await (await app.request(`/v1/cycles/${cycle.id}/episodes`)).json(),
    );
    assert.equal(body.secret, cycle.secret);
    assert.equal(body.episodes.length, 2);
    const first = body.episodes.find((e) => e.episode_index === 0)!;
    assert.equal(first.success, true);
    assert.equal(first.renderer, "cpu");
    assert.equal(first.runtime, "onnxruntime-web@1.31.1/wasm");
    assert.equal(first.action_digest, digest);
    assert.equal(body.episodes.find((e) => e.episode_index === 1)!.code, "miner_model_nan");
    assert.equal((await app.request("/v1/cycles/999/episodes")).status, 404);
  } finally {
    await db.close();
  }
});

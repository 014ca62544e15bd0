import assert from "node:assert/strict";
import { MinerClient } from "../../client/mod.ts";
import {
  type ActRequest,
  createMissState,
  encodeImage,
  stepMissPolicy,
  type TaskConfig,
} from "../../core/wire/mod.ts";
import { createMockMinerHandler, startMockMiner } from "./mod.ts";

const TASK: TaskConfig = {
  "env_id": "metaworld/push-v4",
  "episode_id": "ep-7",
  "max_steps": 50,
  cameras: ["corner", "gripper"],
  "image_shape": [84, 84, 3],
};
const IMG = encodeImage(new Uint8Array(84 * 84 * 3), 84, 84);
const act = (step: number): ActRequest => ({
  "episode_id": "ep-7",
  step,
  observation: [0, 0.6, 0.2, 1],
  images: { corner: IMG, gripper: IMG },
});
const client = (url: string, actTimeoutMs = 500) =>
  new MinerClient(url, { allowPrivateEndpoints: true, actTimeoutMs });

Deno.test("startMockMiner() speaks the protocol with a seeded random policy", async () => {
  await using m = startMockMiner({ port: 0, seed: 3 });
  assert.match(m.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const c = client(m.url);
  assert.equal((await c.health()).status, "ok");
  assert.equal((await c.reset(TASK)).episode_id, "ep-7");
  const a = await c.act(act(0));
  const b = await c.act(act(1));
  assert.ok(a.action.every((v) => v >= -1 && v < 1));
  assert.notDeepEqual(a.action, b.action);
  await using again = startMockMiner({ port: 0, seed: 3 });
  assert.deepEqual((await client(again.url).act(act(0))).action, a.action);
  assert.deepEqual(m.stats, { resets: 1, acts: 2, failures: 0, garbage: 0, invalidRequests: 0 });
});

Deno.test("startMockMiner() with the zero policy answers zeros", async () => {
  await using m = startMockMiner({ port: 0, policy: "zero" });
  assert.deepEqual((await client(m.url).act(act(0))).action, [0, 0, 0, 0]);
});

Deno.test("startMockMiner() injects failures, garbage and latency the client classifies", async () => {
  await using failing = startMockMiner({ port: 0, failRate: 1 });
  const f = await client(failing.url).tryAct(act(0));
  assert.deepEqual([f.ok, !f.ok && f.code], [false, "miner_error"]);

  await using garbage = startMockMiner({ port: 0, garbageRate: 1, seed: 1 });
  const codes = new Set<string>();
  for (let i = 0; i < 40; i++) {
    const r = await client(garbage.url).tryAct(act(i));
    assert.equal(r.ok, false);
    if (!r.ok) codes.add(r.code);
  }
  assert.deepEqual([...codes].sort(), ["miner_bad_action", "miner_error"]);

  await using slow = startMockMiner({ port: 0, latencyMs: 300 });
  const s = await client(slow.url, 100).tryAct(act(0));
  assert.deepEqual([s.ok, !s.ok && s.code], [false, "miner_timeout"]);
});

Deno.test("startMockMiner() with a 30% fail rate drives the miss policy to an early end", async () => {
  await using m = startMockMiner({ port: 0, failRate: 0.3, seed: 11 });
  const c = client(m.url);
  await c.reset(TASK);
  let state = createMissState({ maxMissedActs: 5 });
  let steps = 0;
  for (; steps < 200; steps++) {
    const r = stepMissPolicy(state, await c.tryAct(act(steps)));
    state = r.state;
    if (r.ended) break;
  }
  assert.equal(state.ended, "miner_error");
  assert.equal(state.misses, 6);
  assert.equal(m.stats.failures, 6);
  assert.equal(m.stats.acts, steps + 1);
});

Deno.test("createMockMinerHandler() rejects bad bodies, unknown paths and methods", async () => {
  const { handler, stats } = createMockMinerHandler();
  const post = (path: string, body: string) =>
    handler(new Request(`http://x${path}`, { method: "POST", body }));
  assert.equal((await post("/act", "{}")).status, 422);
  assert.equal((await post("/reset", "nope")).status, 422);
  assert.equal((await handler(new Request("http://x/act"))).status, 405);
  assert.equal((await handler(new Request("http://x/nothing"))).status, 404);
  const doc = await (await handler(new Request("http://x/openapi.json"))).json();
  assert.equal(doc.info.title, "Kinitro miner policy server");
  assert.equal(stats.invalidRequests, 2);
});

Deno.test("startMockMiner() stops when its signal aborts", async () => {
  const ac = new AbortController();
  const m = startMockMiner({ port: 0, signal: ac.signal });
  ac.abort();
  await m.finished;
  const r = await client(m.url).tryAct(act(0));
  assert.deepEqual([r.ok, !r.ok && r.code], [false, "miner_unavailable"]);
});

/**
 * The miner template must speak miner protocol v1 exactly as `src/core/wire` defines it:
 * in-process through its Hono app, and over HTTP as a subprocess run with its own deno.json.
 */
import assert from "node:assert/strict";
import { MinerClient } from "../../src/client/mod.ts";
import {
  ActRequestSchema,
  ActResponseSchema,
  encodeImage,
  HealthResponseSchema,
  ResetRequestSchema,
  ResetResponseSchema,
  type TaskConfig,
} from "../../src/core/wire/mod.ts";
import { createApp } from "../../miner-template/app.ts";
import { createPolicy, type Observation } from "../../miner-template/policy.ts";

const TASK: TaskConfig = {
  "env_id": "metaworld/pick-place-v4",
  "episode_id": "ep-42",
  "max_steps": 150,
  cameras: ["corner", "gripper"],
  "image_shape": [84, 84, 3],
};
const rgb = new Uint8Array(84 * 84 * 3).map((_, i) => (i * 7) % 256);
const ACT = ActRequestSchema.parse({
  "episode_id": "ep-42",
  step: 3,
  observation: [0.01, 0.62, 0.19, 0.8],
  images: { corner: encodeImage(rgb, 84, 84), gripper: encodeImage(rgb, 84, 84) },
});

function post(path: string, body: unknown): Request {
  return new Request(`http://miner${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

Deno.test("miner template answers /health, /reset and /act with protocol v1 shapes", async () => {
  const app = createApp(await createPolicy());
  const health = await app.request("/health");
  assert.equal(health.status, 200);
  HealthResponseSchema.parse(await health.json());

  const reset = await app.fetch(post("/reset", ResetRequestSchema.parse({ "task_config": TASK })));
  assert.equal(reset.status, 200);
  assert.deepEqual(ResetResponseSchema.parse(await reset.json()), {
    status: "ok",
    "episode_id": "ep-42",
  });

  const act = await app.fetch(post("/act", ACT));
  assert.equal(act.status, 200);
  const { action } = ActResponseSchema.parse(await act.json());
  assert.ok(action.every((v) => v >= -1 && v <= 1));
});

Deno.test("miner template hands the policy decoded images and proprioception", async () => {
  const seen: Observation[] = [];
  const app = createApp({
    reset() {},
    act(obs) {
      seen.push(obs);
      return [2, -3, 0.5, Number.NaN];
    },
  });
  await app.fetch(post("/reset", { "task_config": TASK }));
  const r = await app.fetch(post("/act", ACT));
  // a NaN action is refused by the template itself, before the evaluator sees it
  assert.equal(r.status, 500);
  const obs = seen[0];
  assert.equal(obs.envId, "metaworld/pick-place-v4");
  assert.equal(obs.step, 3);
  assert.deepEqual(obs.eePos, [0.01, 0.62, 0.19]);
  assert.equal(obs.gripper, 0.8);
  assert.deepEqual(obs.images.corner.rgb, rgb);
  assert.equal(obs.images.gripper.height, 84);
});

Deno.test("miner template answers 422 to bodies outside the protocol", async () => {
  const app = createApp(await createPolicy());
  assert.equal((await app.fetch(post("/act", { observation: [0, 0, 0] }))).status, 422);
  assert.equal((await app.fetch(post("/reset", { "task_config": {} }))).status, 422);
});

Deno.test("miner template runs standalone with its own deno.json and serves the client", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--config",
      "miner-template/deno.json",
      "--frozen",
      "miner-template/main.ts",
    ],
    env: { PORT: "0", HOST: "127.0.0.1" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  try {
    let out = "";
    while (!out.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      out += value;
    }
    const url = out.match(/http:\/\/\S+/)?.[0];
    assert.ok(url, `no address in ${JSON.stringify(out)}`);
    const client = new MinerClient(url, { allowPrivateEndpoints: true, actTimeoutMs: 2000 });
    assert.equal((await client.reset(TASK)).episode_id, "ep-42");
    for (let step = 0; step < 5; step++) {
      const r = await client.act({ ...ACT, step });
      assert.equal(r.action.length, 4);
    }
  } finally {
    child.kill("SIGTERM");
    await Promise.all([child.status, reader.cancel(), child.stderr.cancel()]);
  }
});

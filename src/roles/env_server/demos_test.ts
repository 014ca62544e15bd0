import assert from "node:assert/strict";
import { DEFAULT_ENV_IDS } from "../../config/mod.ts";
import { getOracle, makeEnv } from "../../envs/mod.ts";
import { createLogger } from "../../log/mod.ts";
import { cameraSpecs, createRenderer } from "../../render/mod.ts";
import { recordDemos } from "./demos.ts";
import { EnvWorkers } from "./pool.ts";

const ENV = DEFAULT_ENV_IDS[0];

/** Reads an .npy file written by encodeNpy: its shape and raw data. */
async function readNpy(path: string): Promise<{ shape: number[]; data: Uint8Array }> {
  const bytes = await Deno.readFile(path);
  assert.deepEqual([...bytes.subarray(0, 6)], [0x93, 78, 85, 77, 80, 89]);
  const len = new DataView(bytes.buffer).getUint16(8, true);
  assert.equal((10 + len) % 64, 0, "header not 64-byte aligned");
  const header = new TextDecoder().decode(bytes.subarray(10, 10 + len));
  const shape = header.match(/'shape': \(([^)]*)\)/)![1].split(",").filter((s) => s.trim())
    .map(Number);
  return { shape, data: bytes.subarray(10 + len) };
}

Deno.test("recordDemos: whole oracle episodes as .npy shards, first row as a policy sees it", async () => {
  const out = await Deno.makeTempDir({ prefix: "kinitro_demos_" });
  const pool = await EnvWorkers.create(1, "cpu");
  try {
    const summary = await recordDemos({
      pool,
      envIds: [ENV],
      episodes: 2,
      numEnvs: 2,
      out,
      seed: 500,
      maxSteps: 80,
      imageSize: 84,
      randomize: true,
      noise: 0,
      shardSteps: 1,
      taskIds: DEFAULT_ENV_IDS,
      log: createLogger({ level: "error" }),
    });
    assert.equal(summary.episodes, 2);
    assert.equal(summary.shards, 2, "a shard closes after each whole episode here");
    const meta = JSON.parse(await Deno.readTextFile(`${out}/meta.json`));
    assert.equal(meta.steps, summary.steps);

    const shard = `${out}/shard_00000`;
    const corner = await readNpy(`${shard}/corner.npy`);
    const seed = await readNpy(`${shard}/seed.npy`);
    const step = await readNpy(`${shard}/step.npy`);
    const action = await readNpy(`${shard}/action.npy`);
    const t = corner.shape[0];
    assert.deepEqual(corner.shape, [t, 84, 84, 3]);
    assert.deepEqual(action.shape, [t, 4]);
    assert.equal(new Int32Array(step.data.slice().buffer)[0], 0);
    const s = Number(new BigInt64Array(seed.data.slice().buffer)[0]);
    assert.ok(s === 500 || s === 501);

    using env = await makeEnv(ENV, { maxSteps: 80 });
    using renderer = await createRenderer({ backend: "cpu" });
    const { state } = env.reset({ seed: s });
    const snap = env.snapshot();
    const [img] = await renderer.render(snap, cameraSpecs(snap, ["corner"]));
    assert.ok(corner.data.subarray(0, img.length).every((v, i) => v === img[i]));
    const a0 = Array.from(new Float32Array(action.data.slice(0, 16).buffer));
    assert.deepEqual(a0, Array.from(new Float32Array(getOracle(ENV)(state))));
  } finally {
    await pool.close();
    await Deno.remove(out, { recursive: true });
  }
});

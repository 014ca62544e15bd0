import assert from "node:assert/strict";
import { DEFAULT_ENV_IDS } from "../../config/mod.ts";
import { getOracle, makeEnv } from "../../envs/mod.ts";
import { createLogger } from "../../log/mod.ts";
import { cameraSpecs, createRenderer } from "../../render/mod.ts";
import { recordDemos } from "./demos.ts";
import { EnvWorkers, VecSession } from "./pool.ts";

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

/** The fields of every shard of `out`, joined in shard order, and each shard's row count. */
async function readAll(out: string): Promise<{ fields: Map<string, Uint8Array>; rows: number[] }> {
  const fields = new Map<string, Uint8Array>(), rows: number[] = [];
  const dirs = [];
  for await (const d of Deno.readDir(out)) if (d.name.startsWith("shard_")) dirs.push(d.name);
  for (const dir of dirs.sort()) {
    for (const name of FIELDS) {
      const { shape, data } = await readNpy(`${out}/${dir}/${name}.npy`);
      if (name === "corner") rows.push(shape[0]);
      const had = fields.get(name) ?? new Uint8Array();
      const joined = new Uint8Array(had.length + data.length);
      joined.set(had), joined.set(data, had.length);
      fields.set(name, joined);
    }
  }
  return { fields, rows };
}

const FIELDS = [
  "corner",
  "gripper",
  "proprio",
  "action",
  "step",
  "task",
  "episode",
  "seed",
  "success",
];

/**
 * The dataset as a plain lockstep loop records it (the recorder before it was pipelined):
 * step all envs, keep each env's rows, and when one ends, keep its episode while its id's
 * quota lasts, in the order envs 0..N-1 are seen each step.
 */
async function lockstepReference(
  pool: EnvWorkers,
  o: { envIds: string[]; episodes: number; numEnvs: number; seed: number; maxSteps: number },
  noise: number,
  shardSteps: number,
): Promise<{ fields: Map<string, Uint8Array>; rows: number[] }> {
  const n = o.numEnvs;
  const s = await VecSession.open(pool, {
    "env_ids": o.envIds,
    "num_envs": n,
    cameras: true,
    "image_size": 84,
    randomize: true,
    "max_steps": o.maxSteps,
    policy: "oracle",
    "oracle_noise": noise,
  }, DEFAULT_ENV_IDS);
  const parts = new Map<string, Uint8Array[]>(FIELDS.map((f) => [f, []]));
  const current: Map<string, Uint8Array[]>[] = Array.from({ length: n }, () => new Map());
  const want = new Map(o.envIds.map((id) => [id, o.episodes]));
  const rows: number[] = [];
  let episode = 0, shardRows = 0;
  const l = s.layout, img = 84 * 84 * 3;
  const at = (off: number, len: number) => new Uint8Array(s.buffer, off, len).slice();
  const i64 = (v: number) => new Uint8Array(BigInt64Array.of(BigInt(v)).buffer);
  try {
    await s.reset(Float64Array.from({ length: n }, (_, i) => o.seed + i));
    while ([...want.values()].some((v) => v > 0)) {
      const flags = new Uint8Array(s.buffer, l.terminated, 3 * n);
      for (let i = 0; i < n; i++) {
        const cur = current[i];
        const add = (k: string, b: Uint8Array) => cur.set(k, [...(cur.get(k) ?? []), b]);
        if (flags[i] === 0 && flags[n + i] === 0) {
          add("corner", at(l.images[0] + i * img, img));
          add("gripper", at(l.images[1] + i * img, img));
          add("proprio", at(l.proprio + 16 * i, 16));
          add("action", at(l.action + 16 * i, 16));
          add("step", at(l.steps + 4 * i, 4));
          continue;
        }
        current[i] = new Map();
        const id = s.welcome.env_ids[i], left = want.get(id)!;
        if (left <= 0) continue;
        want.set(id, left - 1);
        const t = cur.get("corner")!.length;
        const seed = Number(new Float64Array(s.buffer, l.seed, n)[i]);
        const column = (b: Uint8Array) => Array.from({ length: t }, () => b);
        for (const [k, v] of cur) parts.get(k)!.push(...v);
        parts.get("task")!.push(...column(i64(s.welcome.task_index[i])));
        parts.get("episode")!.push(...column(i64(episode++)));
        parts.get("seed")!.push(...column(i64(seed)));
        parts.get("success")!.push(...column(Uint8Array.of(flags[2 * n + i])));
        shardRows += t;
        if (shardRows >= shardSteps) rows.push(shardRows), shardRows = 0;
      }
      await s.step(new Float32Array(n * 4));
    }
  } finally {
    await s.close();
  }
  if (shardRows > 0) rows.push(shardRows);
  const fields = new Map<string, Uint8Array>();
  for (const [k, list] of parts) {
    const joined = new Uint8Array(list.reduce((a, b) => a + b.length, 0));
    let off = 0;
    for (const b of list) joined.set(b, off), off += b.length;
    fields.set(k, joined);
  }
  return { fields, rows };
}

for (const noise of [0, 0.3]) {
  Deno.test(`recordDemos: the same bytes as a plain lockstep loop (2 workers, noise ${noise})`, async () => {
    const out = await Deno.makeTempDir({ prefix: "kinitro_demos_same_" });
    // reach's quota fills first: its envs retire while the others go on.
    const o = {
      envIds: [DEFAULT_ENV_IDS[0], "metaworld/drawer-close-v4"],
      episodes: 3,
      numEnvs: 5,
      seed: 77,
      maxSteps: 40,
    };
    // A fresh pool each: the noise stream of a session depends on its number in the pool.
    let pool = await EnvWorkers.create(2, "cpu");
    try {
      await recordDemos({
        ...o,
        pool,
        out,
        imageSize: 84,
        randomize: true,
        noise,
        shardSteps: 60,
        taskIds: DEFAULT_ENV_IDS,
        log: createLogger({ level: "error" }),
      });
      await pool.close();
      pool = await EnvWorkers.create(2, "cpu");
      const got = await readAll(out);
      const want = await lockstepReference(pool, o, noise, 60);
      assert.deepEqual(got.rows, want.rows, "shard sizes");
      for (const name of FIELDS) {
        const a = got.fields.get(name)!, b = want.fields.get(name)!;
        assert.equal(a.length, b.length, `${name}: length`);
        assert.ok(a.every((v, i) => v === b[i]), `${name}: bytes differ`);
      }
    } finally {
      await pool.close();
      await Deno.remove(out, { recursive: true });
    }
  });
}

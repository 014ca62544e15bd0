/**
 * `kinitro demos`: records the scripted experts (oracles) on many seeds as NumPy shards, the
 * observations exactly as a policy receives them. Layout (docs/env-server.md#demos):
 * `DIR/meta.json` and `DIR/shard_NNNNN/<field>.npy`, one row per step of complete episodes.
 */
import type { Logger } from "../../log/mod.ts";
import { type EnvWorkers, POLICY_CAMERAS, VecSession } from "./pool.ts";
import { bytesOf, encodeNpy } from "./npy.ts";

/** Options of {@link recordDemos}. */
export interface DemosOptions {
  pool: EnvWorkers;
  envIds: string[];
  /** Complete episodes per env id. */
  episodes: number;
  /** Environments stepped together. */
  numEnvs: number;
  out: string;
  /** First seed; env i's k-th episode uses `seed + i + k * numEnvs`. */
  seed: number;
  maxSteps?: number;
  imageSize: number;
  randomize: boolean;
  /** Gaussian noise on the executed action (the recorded action is the clean oracle's). */
  noise: number;
  /** Steps per shard. */
  shardSteps: number;
  taskIds: readonly string[];
  log: Logger;
  signal?: AbortSignal;
}

/** What {@link recordDemos} wrote. */
export interface DemosSummary {
  episodes: number;
  steps: number;
  successes: number;
  shards: number;
  /** Wall seconds in all, and of the recording loop alone (scenes loaded). */
  seconds: number;
  loopSeconds: number;
  /** Recorded steps per second of the loop (images rendered, shards written). */
  stepsPerSecond: number;
}

interface Row {
  images: Uint8Array[];
  proprio: Float32Array;
  action: Float32Array;
  step: number;
}

interface Episode {
  task: number;
  seed: number;
  success: boolean;
  rows: Row[];
}

/** Runs the oracles and writes the shards. */
export async function recordDemos(o: DemosOptions): Promise<DemosSummary> {
  const start = performance.now();
  const n = o.numEnvs;
  const session = await VecSession.open(o.pool, {
    "env_ids": o.envIds,
    "num_envs": n,
    cameras: true,
    "image_size": o.imageSize,
    randomize: o.randomize,
    "max_steps": o.maxSteps,
    policy: "oracle",
    "oracle_noise": o.noise,
  }, o.taskIds);
  const { layout, welcome } = session;
  const buf = session.buffer;
  const want = new Map(o.envIds.map((id) => [id, o.episodes]));
  const current: Row[][] = Array.from({ length: n }, () => []);
  const shard: Episode[] = [];
  let shardRows = 0, shards = 0, episodes = 0, steps = 0, successes = 0;
  await Deno.mkdir(o.out, { recursive: true });

  const flush = async () => {
    if (shardRows === 0) return;
    const dir = `${o.out}/shard_${String(shards).padStart(5, "0")}`;
    await writeShard(dir, shard, o.imageSize, episodes - shard.length);
    shards++, shard.length = 0, shardRows = 0;
  };

  await session.reset(Float64Array.from({ length: n }, (_, i) => o.seed + i));
  const loopStart = performance.now();
  const zeros = new Float32Array(n * 4);
  const imgBytes = o.imageSize * o.imageSize * 3;
  try {
    while ([...want.values()].some((v) => v > 0) && !o.signal?.aborted) {
      const flags = new Uint8Array(buf, layout.terminated, 3 * n);
      const seeds = new Float64Array(buf, layout.seed, n);
      const stepsOf = new Uint32Array(buf, layout.steps, n);
      for (let i = 0; i < n; i++) {
        const done = flags[i] === 1 || flags[n + i] === 1;
        if (!done) {
          current[i].push({
            images: POLICY_CAMERAS.map((_, c) =>
              new Uint8Array(buf, layout.images[c] + i * imgBytes, imgBytes).slice()
            ),
            proprio: new Float32Array(buf, layout.proprio + 16 * i, 4).slice(),
            action: new Float32Array(buf, layout.action + 16 * i, 4).slice(),
            step: stepsOf[i],
          });
          continue;
        }
        const id = welcome.env_ids[i];
        const left = want.get(id) ?? 0;
        const rows = current[i];
        current[i] = [];
        if (left <= 0) continue;
        want.set(id, left - 1);
        const success = flags[2 * n + i] === 1;
        shard.push({ task: welcome.task_index[i], seed: seeds[i], success, rows });
        episodes++, steps += rows.length, shardRows += rows.length;
        if (success) successes++;
        if (shardRows >= o.shardSteps) await flush();
      }
      await session.step(zeros);
    }
    await flush();
  } finally {
    await session.close();
  }
  const now = performance.now();
  const loopSeconds = (now - loopStart) / 1000;
  const summary = {
    episodes,
    steps,
    successes,
    shards,
    seconds: (now - start) / 1000,
    loopSeconds,
    stepsPerSecond: steps / loopSeconds,
  };
  await Deno.writeTextFile(
    `${o.out}/meta.json`,
    JSON.stringify(
      {
        format: "kinitro-demos/1",
        layout: "shard_NNNNN/<field>.npy, one row per step, episodes whole within a shard",
        fields: {
          corner: `uint8 [T, ${o.imageSize}, ${o.imageSize}, 3] RGB, rows top to bottom`,
          gripper: `uint8 [T, ${o.imageSize}, ${o.imageSize}, 3]`,
          proprio: "float32 [T, 4] ee_x, ee_y, ee_z, gripper opening",
          action: "float32 [T, 4] the oracle's action for this observation, in [-1, 1]",
          task: "int64 [T] index into task_ids",
          episode: "int64 [T] episode number (unique in the dataset)",
          step: "int32 [T] step within the episode",
          seed: "int64 [T] the episode's scene seed",
          success: "bool [T] whether the episode succeeded",
        },
        "task_ids": o.taskIds,
        "env_ids": o.envIds,
        "episodes_per_env": o.episodes,
        "max_steps": o.maxSteps ?? null,
        randomize: o.randomize,
        "oracle_noise": o.noise,
        ...summary,
      },
      null,
      2,
    ) + "\n",
  );
  return summary;
}

/** Writes one shard; episodes are numbered from `first`. */
async function writeShard(dir: string, eps: Episode[], size: number, first: number): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  const t = eps.reduce((s, e) => s + e.rows.length, 0);
  const img = size * size * 3;
  const cams = POLICY_CAMERAS.map(() => new Uint8Array(t * img));
  const proprio = new Float32Array(t * 4), action = new Float32Array(t * 4);
  const task = new BigInt64Array(t), episode = new BigInt64Array(t), seed = new BigInt64Array(t);
  const step = new Int32Array(t), success = new Uint8Array(t);
  let r = 0;
  for (const e of eps) {
    const id = first++;
    for (const row of e.rows) {
      row.images.forEach((im, c) => cams[c].set(im, r * img));
      proprio.set(row.proprio, r * 4), action.set(row.action, r * 4);
      task[r] = BigInt(e.task), episode[r] = BigInt(id), seed[r] = BigInt(e.seed);
      step[r] = row.step, success[r] = e.success ? 1 : 0;
      r++;
    }
  }
  const files: [string, Uint8Array][] = [
    ...POLICY_CAMERAS.map((name, c) =>
      [name, encodeNpy(cams[c], "|u1", [t, size, size, 3])] as [string, Uint8Array]
    ),
    ["proprio", encodeNpy(bytesOf(proprio), "<f4", [t, 4])],
    ["action", encodeNpy(bytesOf(action), "<f4", [t, 4])],
    ["task", encodeNpy(bytesOf(task), "<i8", [t])],
    ["episode", encodeNpy(bytesOf(episode), "<i8", [t])],
    ["seed", encodeNpy(bytesOf(seed), "<i8", [t])],
    ["step", encodeNpy(bytesOf(step), "<i4", [t])],
    ["success", encodeNpy(success, "|b1", [t])],
  ];
  for (const [name, bytes] of files) await Deno.writeFile(`${dir}/${name}.npy`, bytes);
}

/**
 * `kinitro demos`: records the scripted experts (oracles) on many seeds as NumPy shards, the
 * observations exactly as a policy receives them. Layout (docs/training.md#demonstrations):
 * `DIR/meta.json` and `DIR/shard_NNNNN/<field>.npy`, one row per step of complete episodes.
 */
import type { Logger } from "../../log/mod.ts";
import { type EnvWorkers, POLICY_CAMERAS, VecSession } from "./pool.ts";
import { episodeFields, type RecordedEpisode, type Section } from "./record.ts";
import { type ShardField, ShardWriter } from "./shard_writer.ts";

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

/** Ticks a worker runs per request; two requests stay queued, so workers never wait. */
const CHUNK_TICKS = 8;

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
  const { welcome } = session;
  const want = new Map(o.envIds.map((id) => [id, o.episodes]));
  let writer: ShardWriter | undefined;
  let shards = 0, episodes = 0, steps = 0, successes = 0;
  await Deno.mkdir(o.out, { recursive: true });
  const fields = shardFields(o.imageSize);
  const close = async () => {
    await writer?.close();
    if (writer) shards++;
    writer = undefined;
  };

  const loopStart = performance.now();
  // The workers step on their own, two chunks queued; this thread only keeps the episodes
  // that count and streams them into the shard files meanwhile.
  // Envs of an id whose quota is full: their later episodes could never count.
  const retired = new Uint8Array(new SharedArrayBuffer(n));
  const queued = [
    session.record(CHUNK_TICKS, Float64Array.from({ length: n }, (_, i) => o.seed + i), retired),
    session.record(CHUNK_TICKS, null, retired),
  ];
  try {
    while ([...want.values()].some((v) => v > 0) && !o.signal?.aborted) {
      const ended = await queued.shift()!;
      queued.push(session.record(CHUNK_TICKS, null, retired));
      // The order in which a lockstep loop over envs 0..N-1 would see them end.
      ended.sort((a, b) => a.tick - b.tick || a.index - b.index);
      for (const e of ended) {
        const id = welcome.env_ids[e.index];
        const left = want.get(id) ?? 0;
        if (left <= 0) continue;
        want.set(id, left - 1);
        if (left === 1) welcome.env_ids.forEach((x, i) => x === id && (retired[i] = 1));
        const dir = `${o.out}/shard_${String(shards).padStart(5, "0")}`;
        writer ??= await ShardWriter.open(dir, fields);
        await writer.append(e.rows, episodeParts(e, welcome.task_index[e.index], episodes, o));
        episodes++, steps += e.rows;
        if (e.success) successes++;
        if (writer.rows >= o.shardSteps) await close();
      }
    }
  } finally {
    await close();
    await Promise.allSettled(queued);
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

/** The files of a shard, in the order of {@link episodeParts}. */
function shardFields(size: number): ShardField[] {
  return [
    ...POLICY_CAMERAS.map((name) => ({ name, dtype: "|u1" as const, row: [size, size, 3] })),
    { name: "proprio", dtype: "<f4", row: [4] },
    { name: "action", dtype: "<f4", row: [4] },
    { name: "step", dtype: "<i4", row: [] },
    { name: "task", dtype: "<i8", row: [] },
    { name: "episode", dtype: "<i8", row: [] },
    { name: "seed", dtype: "<i8", row: [] },
    { name: "success", dtype: "|b1", row: [] },
  ];
}

/** One episode's rows of each shard file (views of the worker's buffer where it can). */
function episodeParts(
  e: RecordedEpisode,
  task: number,
  episode: number,
  o: DemosOptions,
): ArrayBufferView[] {
  const f = episodeFields(e.rows, POLICY_CAMERAS.length, o.imageSize * o.imageSize * 3);
  const view = ([at, len]: Section) => new Uint8Array(e.data, at, len);
  const column = (v: bigint) => new BigInt64Array(e.rows).fill(v);
  return [
    ...f.images.map(view),
    view(f.proprio),
    view(f.action),
    view(f.step),
    column(BigInt(task)),
    column(BigInt(episode)),
    column(BigInt(e.seed)),
    new Uint8Array(e.rows).fill(e.success ? 1 : 0),
  ];
}

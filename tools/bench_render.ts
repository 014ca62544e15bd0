// deno-lint-ignore-file no-console
/**
 * Render throughput: frames/s of one 84x84 `corner` camera, on the CPU backend and on WebGPU
 * batched at 1, 16 and 64 frames per readback (and 64 concurrent single-frame `render()` calls,
 * which the renderer merges, and four `renderBatch(64)` calls kept in flight at once, which it
 * pipelines), side by side, for two scenes: the synthetic
 * task-like test scene (64 distinct states) and the frozen push-v3 snapshot of the real scene.
 * Run: `deno task bench:render` (add `-- --seconds 3` for longer rows).
 */
import process from "node:process";
import type { CameraSpec, SceneSnapshot } from "../src/core/mod.ts";
import {
  cameraSpecs,
  CpuRenderer,
  createRenderer,
  describeGpu,
  hasGpu,
} from "../src/render/mod.ts";
import { cornerCamera, loadSnapshotFixture, taskScene } from "../src/render/testdata/scenes.ts";
import { argNumber } from "./_args.ts";

const seconds = argNumber("seconds", 1.5);
const BATCHES = [1, 16, 64];

/**
 * Runs `step` (which renders `frames` frames) repeatedly for `seconds`; returns frames per
 * wall-clock second and per CPU-second of this process (all its threads, lavapipe's included),
 * the second being the steadier figure on a shared machine.
 */
async function measure(frames: number, step: () => unknown): Promise<[number, number]> {
  const warm = performance.now();
  while (performance.now() - warm < 500) await step();
  let n = 0;
  const t0 = performance.now();
  const u0 = process.cpuUsage();
  let t = t0;
  while (t - t0 < seconds * 1000) {
    await step();
    n += frames;
    t = performance.now();
  }
  const u = process.cpuUsage(u0);
  return [(n * 1000) / (t - t0), (n * 1e6) / (u.user + u.system)];
}

interface Row {
  backend: string;
  batch: number;
  fps: number | null;
  cpuFps?: number;
}

async function benchScene(snapshots: SceneSnapshot[], camera: CameraSpec): Promise<Row[]> {
  const rows: Row[] = [];
  for (const supersample of [false, true]) {
    const cpu = new CpuRenderer({ supersample });
    let k = 0;
    const [fps, cpuFps] = await measure(1, () => cpu.renderSync(snapshots[k++ % 64], [camera]));
    rows.push({ backend: supersample ? "cpu (2x2 SS)" : "cpu", batch: 1, fps, cpuFps });
  }
  const gpu = await hasGpu();
  for (const batch of BATCHES) {
    if (!gpu) {
      rows.push({ backend: "webgpu", batch, fps: null });
      continue;
    }
    using r = await createRenderer({ backend: "webgpu" });
    const jobs = snapshots.slice(0, batch).map((snapshot) => ({ snapshot, cameras: [camera] }));
    const [fps, cpuFps] = await measure(batch, () => r.renderBatch(jobs));
    rows.push({ backend: "webgpu", batch, fps, cpuFps });
  }
  if (gpu) {
    // 64 episodes each awaiting its own render(): the renderer merges them into batches.
    using r = await createRenderer({ backend: "webgpu" });
    const [fps, cpuFps] = await measure(
      64,
      () => Promise.all(snapshots.map((s) => r.render(s, [camera]))),
    );
    rows.push({ backend: "webgpu (merged)", batch: 64, fps, cpuFps });
    // Four callers, each awaiting renderBatch(64) in turn: up to four batches in flight.
    rows.push({ backend: "webgpu ×4 in flight", batch: 64, ...await pipelined(snapshots, camera) });
  }
  return rows;
}

/** Frames/s of four loops each awaiting `renderBatch(64 jobs)`, with four batches in flight. */
async function pipelined(
  snapshots: SceneSnapshot[],
  camera: CameraSpec,
): Promise<{ fps: number; cpuFps: number }> {
  using r = await createRenderer({ backend: "webgpu", maxInFlight: 4, maxBatchFrames: 64 });
  const jobs = snapshots.map((snapshot) => ({ snapshot, cameras: [camera] }));
  const loop = async (until: number) => {
    let n = 0;
    while (performance.now() < until) {
      await r.renderBatch(jobs);
      n += jobs.length;
    }
    return n;
  };
  const all = async (ms: number) => {
    const until = performance.now() + ms;
    return (await Promise.all([0, 1, 2, 3].map(() => loop(until)))).reduce((a, b) => a + b);
  };
  await all(500);
  const t0 = performance.now();
  const u0 = process.cpuUsage();
  const n = await all(seconds * 1000);
  const u = process.cpuUsage(u0);
  return { fps: (n * 1000) / (performance.now() - t0), cpuFps: (n * 1e6) / (u.user + u.system) };
}

function print(title: string, rows: Row[]): void {
  const cpuFps = rows[0].fps!;
  console.log(`\n${title}`);
  console.log("backend             batch   frames/s   vs cpu   frames/CPU-s");
  for (const row of rows) {
    const fps = row.fps === null ? "no adapter" : row.fps.toFixed(0).padStart(10);
    const ratio = row.fps === null ? "" : `${(row.fps / cpuFps).toFixed(2)}x`.padStart(7);
    const perCpu = row.cpuFps === undefined ? "" : row.cpuFps.toFixed(0).padStart(13);
    console.log(
      `${row.backend.padEnd(19)} ${String(row.batch).padStart(5)} ${fps}  ${ratio}  ${perCpu}`,
    );
  }
}

console.log(`render bench: one 84x84 corner camera, ${seconds}s per row`);
console.log(`webgpu adapter: ${(await describeGpu()) ?? "no adapter"}`);
// Distinct states (moving arm and props), as when many episodes render at once.
const task = Array.from({ length: 64 }, (_, k) => taskScene(k * 0.1));
print(
  `synthetic task scene (${task[0].geomCount} geoms)`,
  await benchScene(task, cornerCamera(84)),
);
const push = loadSnapshotFixture("push_v3_seed_3");
print(
  `push-v3 snapshot fixture (${push.geomCount} geoms)`,
  await benchScene(Array(64).fill(push), cameraSpecs(push, ["corner"])[0]),
);

// deno-lint-ignore-file no-console
/**
 * Render throughput: frames/s of one 84x84 `corner` camera of the task-like test scene, on the
 * CPU backend and on WebGPU batched at 1, 16 and 64 frames per readback, side by side.
 * Run: `deno task bench:render` (add `-- --seconds 3` for longer runs).
 */
import process from "node:process";
import {
  CpuRenderer,
  createRenderer,
  describeGpu,
  hasGpu,
  type Renderer,
} from "../src/render/mod.ts";
import { cornerCamera, taskScene } from "../src/render/testdata/scenes.ts";

const seconds = Number(Deno.args[Deno.args.indexOf("--seconds") + 1] || 1.5);
const SIZE = 84;
const camera = cornerCamera(SIZE);
// Distinct snapshots (moving arm and props), as when many episodes render at once.
const snapshots = Array.from({ length: 64 }, (_, k) => taskScene(k * 0.1));

/**
 * Runs `step` (which renders `frames` frames) repeatedly for `seconds`; returns frames per
 * wall-clock second and per CPU-second of this process (all its threads, lavapipe's included),
 * the second being the steadier figure on a shared machine.
 */
async function measure(frames: number, step: () => unknown): Promise<[number, number]> {
  const warm = performance.now();
  while (performance.now() - warm < 200) await step();
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
  batch: string;
  fps: number | null;
  cpuFps?: number;
  note?: string;
}

const rows: Row[] = [];
for (const supersample of [false, true]) {
  const cpu = new CpuRenderer({ supersample });
  let k = 0;
  const [fps, cpuFps] = await measure(1, () => cpu.renderSync(snapshots[k++ % 64], [camera]));
  rows.push({ backend: supersample ? "cpu (2x2 SS)" : "cpu", batch: "1", fps, cpuFps });
}

const gpu = await hasGpu();
let info = "no adapter";
for (const batch of [1, 16, 64]) {
  if (!gpu) {
    rows.push({ backend: "webgpu", batch: String(batch), fps: null, note: "no adapter" });
    continue;
  }
  const r: Renderer = await createRenderer({ backend: "webgpu" });
  const jobs = snapshots.slice(0, batch).map((snapshot) => ({ snapshot, cameras: [camera] }));
  const [fps, cpuFps] = await measure(batch, () => r.renderBatch(jobs));
  rows.push({ backend: "webgpu", batch: String(batch), fps, cpuFps });
  r.close();
}
info = (await describeGpu()) ?? info;

const cpuFps = rows[0].fps!;
console.log(
  `render bench: ${SIZE}x${SIZE} corner camera, task-like scene (${
    snapshots[0].geomCount
  } geoms), ${seconds}s per row`,
);
console.log(`webgpu adapter: ${info}`);
console.log("backend          batch   frames/s   vs cpu   frames/CPU-s");
for (const row of rows) {
  const fps = row.fps === null ? row.note!.padStart(10) : row.fps.toFixed(0).padStart(10);
  const ratio = row.fps === null ? "" : `${(row.fps / cpuFps).toFixed(2)}x`.padStart(7);
  const perCpu = row.cpuFps === undefined ? "" : row.cpuFps.toFixed(0).padStart(13);
  console.log(`${row.backend.padEnd(16)} ${row.batch.padStart(5)} ${fps}  ${ratio}  ${perCpu}`);
}

// deno-lint-ignore-file no-console
/**
 * Render throughput: frames/s of one 84x84 `corner` camera of the task-like test scene, on the
 * CPU backend and on WebGPU batched at 1, 16 and 64 frames per readback, side by side.
 * Run: `deno task bench:render` (add `-- --seconds 3` for longer runs).
 */
import { CpuRenderer, createRenderer, hasGpu, type Renderer } from "../src/render/mod.ts";
import { cornerCamera, taskScene } from "../src/render/testdata/scenes.ts";

const seconds = Number(Deno.args[Deno.args.indexOf("--seconds") + 1] || 1.5);
const SIZE = 84;
const camera = cornerCamera(SIZE);
// Distinct snapshots (moving arm and props), as when many episodes render at once.
const snapshots = Array.from({ length: 64 }, (_, k) => taskScene(k * 0.1));

/** Runs `step` (which renders `frames` frames) repeatedly for `seconds`; returns frames/s. */
async function measure(frames: number, step: () => unknown): Promise<number> {
  const warm = performance.now();
  while (performance.now() - warm < 200) await step();
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < seconds * 1000) {
    await step();
    n += frames;
    t = performance.now();
  }
  return (n * 1000) / (t - t0);
}

interface Row {
  backend: string;
  batch: string;
  fps: number | null;
  note?: string;
}

const rows: Row[] = [];
for (const supersample of [false, true]) {
  const cpu = new CpuRenderer({ supersample });
  let k = 0;
  const fps = await measure(1, () => cpu.renderSync(snapshots[k++ % 64], [camera]));
  rows.push({ backend: supersample ? "cpu (2x2 SS)" : "cpu", batch: "1", fps });
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
  const fps = await measure(batch, () => r.renderBatch(jobs));
  rows.push({ backend: "webgpu", batch: String(batch), fps });
  r.close();
}
if (gpu) {
  const adapter = await navigator.gpu.requestAdapter();
  info = adapter?.info.description || adapter?.info.vendor || "adapter";
}

const cpuFps = rows[0].fps!;
console.log(
  `render bench: ${SIZE}x${SIZE} corner camera, task-like scene (${
    snapshots[0].geomCount
  } geoms), ${seconds}s per row`,
);
console.log(`webgpu adapter: ${info}`);
console.log("backend          batch   frames/s   vs cpu");
for (const row of rows) {
  const fps = row.fps === null ? row.note!.padStart(9) : row.fps.toFixed(0).padStart(9);
  const ratio = row.fps === null ? "" : `${(row.fps / cpuFps).toFixed(2)}x`;
  console.log(`${row.backend.padEnd(16)} ${row.batch.padStart(5)}  ${fps}   ${ratio}`);
}

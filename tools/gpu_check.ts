// deno-lint-ignore-file no-console
/**
 * One-shot GPU check (run on a machine with a GPU): CPU vs WebGPU agreement on every task's
 * initial corner and gripper frames, and WebGPU throughput on real task snapshots: serial
 * (`await renderBatch()` in a loop, one batch in flight) at batch 1, 16, 64 and 256, then
 * pipelined (several `renderBatch(64 jobs)` calls kept in flight at once, as concurrent
 * episodes or executor workers do) for a few `maxInFlight` / `maxBatchFrames` settings.
 * Prints one line per measurement.
 */
import { listEnvs, makeEnv } from "../src/envs/mod.ts";
import {
  cameraSpecs,
  createRenderer,
  describeGpu,
  meanAbsDiff,
  type RenderJob,
} from "../src/render/mod.ts";

console.log("adapter:", JSON.stringify(await describeGpu()));
const cpu = await createRenderer({ backend: "cpu" });
const gpu = await createRenderer({ backend: "webgpu" });
const snaps: RenderJob[] = [];
for (const { id } of listEnvs()) {
  using env = await makeEnv(id);
  env.reset({ seed: 0 });
  const snap = env.snapshot();
  const cams = cameraSpecs(snap, ["corner", "gripper"]);
  const [a, b] = [await cpu.render(snap, cams), await gpu.render(snap, cams)];
  const diffs = a.map((img, i) => meanAbsDiff(img, b[i]).toFixed(3));
  console.log(`agree ${id}: mean abs diff corner=${diffs[0]} gripper=${diffs[1]} (limit 3)`);
  for (let s = 0; s < 8; s++) {
    env.step([0.3, -0.2, 0.1, 1]);
    snaps.push({ snapshot: env.snapshot(), cameras: cameraSpecs(snap, ["corner"]) });
  }
}
for (const batch of [1, 16, 64, 256]) {
  const jobs = Array.from({ length: batch }, (_, i) => snaps[i % snaps.length]);
  for (let w = 0; w < 3; w++) await gpu.renderBatch(jobs);
  let frames = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 2000) {
    await gpu.renderBatch(jobs);
    frames += batch;
  }
  const fps = frames / ((performance.now() - t0) / 1000);
  console.log(
    `webgpu batch ${batch}: ${fps.toFixed(0)} frames/s (84x84 corner, real task snapshots)`,
  );
}
gpu.close();

// Pipelined: `callers` loops, each awaiting renderBatch(`batch` jobs) again and again. The
// first row is readback latency alone (one-frame batches, eight in flight).
const PIPELINED = [
  { callers: 8, batch: 1, maxInFlight: 8, maxBatchFrames: 1 },
  { callers: 8, batch: 64, maxInFlight: 4, maxBatchFrames: 64 }, // the defaults
  { callers: 4, batch: 64, maxInFlight: 4, maxBatchFrames: 64 },
  { callers: 8, batch: 64, maxInFlight: 8, maxBatchFrames: 64 },
  { callers: 8, batch: 64, maxInFlight: 4, maxBatchFrames: 256 },
  { callers: 16, batch: 64, maxInFlight: 8, maxBatchFrames: 128 },
];
for (const { callers, batch, maxInFlight, maxBatchFrames } of PIPELINED) {
  using r = await createRenderer({ backend: "webgpu", maxInFlight, maxBatchFrames });
  const jobs = Array.from({ length: batch }, (_, i) => snaps[i % snaps.length]);
  await Promise.all(Array.from({ length: callers }, () => r.renderBatch(jobs)));
  const s0 = statsOf(r);
  let frames = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: callers }, async () => {
    while (performance.now() - t0 < 2000) {
      await r.renderBatch(jobs);
      frames += batch;
    }
  }));
  const fps = frames / ((performance.now() - t0) / 1000);
  const s1 = statsOf(r);
  const perBatch = (s1.frames - s0.frames) / Math.max(1, s1.batches - s0.batches);
  console.log(
    `webgpu pipelined ${callers}x${batch} (maxInFlight ${maxInFlight}, maxBatchFrames ${maxBatchFrames}): ` +
      `${fps.toFixed(0)} frames/s, ${
        perBatch.toFixed(0)
      } frames/batch, peak in flight ${s1.peakInFlight}`,
  );
}

function statsOf(r: unknown): { batches: number; frames: number; peakInFlight: number } {
  return (r as { stats: { batches: number; frames: number; peakInFlight: number } }).stats;
}

let n = 0;
const t1 = performance.now();
while (performance.now() - t1 < 2000) {
  await cpu.render(snaps[n % snaps.length].snapshot, snaps[n % snaps.length].cameras);
  n++;
}
console.log(
  `cpu single: ${(n / ((performance.now() - t1) / 1000)).toFixed(0)} frames/s (same snapshots)`,
);

// deno-lint-ignore-file no-console
/**
 * One-shot GPU check (run on a machine with a GPU): CPU vs WebGPU agreement on every task's
 * initial corner and gripper frames, and WebGPU throughput on real task snapshots at batch
 * 1, 16, 64 and 256. Prints one line per measurement.
 */
import { listEnvs, makeEnv } from "../src/envs/mod.ts";
import { cameraSpecs, createRenderer, describeGpu, meanAbsDiff } from "../src/render/mod.ts";

console.log("adapter:", JSON.stringify(await describeGpu()));
const cpu = await createRenderer({ backend: "cpu" });
const gpu = await createRenderer({ backend: "webgpu" });
const snaps = [];
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
let n = 0;
const t1 = performance.now();
while (performance.now() - t1 < 2000) {
  await cpu.render(snaps[n % snaps.length].snapshot, snaps[n % snaps.length].cameras);
  n++;
}
console.log(
  `cpu single: ${(n / ((performance.now() - t1) / 1000)).toFixed(0)} frames/s (same snapshots)`,
);

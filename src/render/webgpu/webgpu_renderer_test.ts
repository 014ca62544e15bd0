import assert from "node:assert/strict";
import {
  cameraSpecs,
  CpuRenderer,
  createRenderer,
  meanAbsDiff,
  probeWebGpu,
  type RenderJob,
} from "../mod.ts";
import {
  cornerCamera,
  gripperCamera,
  loadSnapshotFixture,
  makeSnapshot,
  taskScene,
} from "../testdata/scenes.ts";

const PROBE = await probeWebGpu();
const GPU = PROBE.correct;
if (!GPU) {
  // deno-lint-ignore no-console
  console.warn(`WebGPU renderer tests skipped: ${PROBE.reason}`);
}

/** Agreement bound between backends: mean absolute difference per channel, 0..255 units. */
const MAX_MEAN_ABS_DIFF = 3;

function jobs(): RenderJob[] {
  const push = loadSnapshotFixture("push_v3_seed_3");
  return [0, 0.8, 2.1].map((t) => ({
    snapshot: taskScene(t),
    cameras: [cornerCamera(), gripperCamera(t), cornerCamera(120), {
      ...cornerCamera(),
      name: "wide",
      width: 96,
      height: 40,
    }],
  })).concat({ snapshot: push, cameras: cameraSpecs(push, ["corner", "gripper"]) });
}

for (const supersample of [false, true]) {
  Deno.test({
    name: `WebGpuRenderer.renderBatch() matches the CPU within 3/255 (supersample ${supersample})`,
    ignore: !GPU,
    async fn() {
      using gpu = await createRenderer({ backend: "webgpu", supersample });
      assert.equal(gpu.backend, "webgpu");
      const cpu = new CpuRenderer({ supersample });
      const batch = jobs();
      const images = await gpu.renderBatch(batch);
      assert.equal(images.length, batch.length);
      batch.forEach((job, j) => {
        const expected = cpu.renderSync(job.snapshot, job.cameras);
        assert.equal(images[j].length, job.cameras.length);
        job.cameras.forEach((cam, c) => {
          assert.equal(images[j][c].length, cam.width * cam.height * 3);
          const diff = meanAbsDiff(images[j][c], expected[c]);
          assert.ok(diff <= MAX_MEAN_ABS_DIFF, `job ${j} camera ${cam.name}: ${diff}`);
        });
      });
    },
  });
}

Deno.test({
  name: "WebGpuRenderer renders batches larger than one array texture",
  ignore: !GPU,
  async fn() {
    using gpu = await createRenderer({ backend: "webgpu" });
    const snapshot = taskScene(0.5);
    const cameras = [cornerCamera(16), gripperCamera(0.5, 16)];
    // 2 x 150 frames exceed lavapipe's 256 layers: several chunks, one readback.
    const batch = Array.from({ length: 150 }, () => ({ snapshot, cameras }));
    const images = await gpu.renderBatch(batch);
    const cpu = new CpuRenderer().renderSync(snapshot, cameras);
    assert.ok(meanAbsDiff(images[149][1], cpu[1]) <= MAX_MEAN_ABS_DIFF);
    assert.deepEqual(images[0][0], images[149][0]);
  },
});

Deno.test("createRenderer() falls back to the CPU for auto and throws DependencyError for webgpu without an adapter", async () => {
  // A child process restricted to Vulkan with no Vulkan driver finds no adapter.
  const code = `
    import { createRenderer } from "${new URL("../mod.ts", import.meta.url).href}";
    const auto = await createRenderer({ backend: "auto" });
    console.log(auto.backend);
    try { await createRenderer({ backend: "webgpu" }); } catch (e) { console.log(e.name, e.code, e.message); }
  `;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--quiet", code],
    cwd: new URL("../../..", import.meta.url).pathname,
    env: { DENO_WEBGPU_BACKEND: "vulkan", VK_ICD_FILENAMES: "/nonexistent/icd.json" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  const [backend, error] = text.trim().split("\n");
  assert.equal(backend, "cpu");
  assert.match(
    error,
    /^DependencyError dependency_unavailable Cannot create the "webgpu" renderer: no WebGPU adapter/,
  );
});

Deno.test({
  name: "WebGpuRenderer returns empty results for empty batches and refuses to render after close",
  ignore: !GPU,
  async fn() {
    const gpu = await createRenderer({ backend: "webgpu" });
    assert.deepEqual(await gpu.renderBatch([]), []);
    assert.deepEqual(await gpu.render(taskScene(), []), []);
    gpu.close();
    await assert.rejects(() => gpu.render(taskScene(), [cornerCamera()]), /closed/);
  },
});

Deno.test({
  name: "WebGpuRenderer draws only the background for a scene without geoms or lights",
  ignore: !GPU,
  async fn() {
    using gpu = await createRenderer({ backend: "webgpu", background: [0, 0.5, 1] });
    const empty = makeSnapshot([], { lights: [] });
    const [rgb] = await gpu.render(empty, [cornerCamera(8)]);
    assert.deepEqual(
      rgb,
      new CpuRenderer({ background: [0, 0.5, 1] }).renderSync(empty, [cornerCamera(8)])[0],
    );
    assert.deepEqual([...rgb.subarray(0, 3)], [0, 128, 255]);
  },
});

Deno.test({
  name: "WebGpuRenderer merges concurrent render() calls into shared batches",
  ignore: !GPU,
  async fn() {
    const { WebGpuRenderer } = await import("./webgpu_renderer.ts");
    using gpu = await createRenderer({ backend: "webgpu", maxInFlight: 1 });
    assert.ok(gpu instanceof WebGpuRenderer);
    const cpu = new CpuRenderer();
    const scenes = Array.from({ length: 10 }, (_, k) => taskScene(k * 0.3));
    // Ten episodes ask at once: one batch, one readback, each gets its own images.
    const images = await Promise.all(
      scenes.map((s, k) => gpu.render(s, [gripperCamera(k * 0.3, 32)])),
    );
    assert.deepEqual(gpu.stats, { batches: 1, frames: 10, peakInFlight: 1 });
    images.forEach(([img], k) => {
      const expected = cpu.renderSync(scenes[k], [gripperCamera(k * 0.3, 32)])[0];
      assert.ok(meanAbsDiff(img, expected) <= MAX_MEAN_ABS_DIFF, `episode ${k}`);
    });
    // Calls made while every slot is busy wait and go together into the next batch.
    const first = gpu.render(scenes[0], [cornerCamera(16)]);
    await Promise.resolve();
    const later = scenes.slice(1, 4).map((s) => gpu.render(s, [cornerCamera(16)]));
    await Promise.resolve();
    const last = scenes.slice(4, 6).map((s) => gpu.render(s, [cornerCamera(16)]));
    await Promise.all([first, ...later, ...last]);
    assert.deepEqual(gpu.stats, { batches: 3, frames: 16, peakInFlight: 1 });
  },
});

Deno.test({
  name: "WebGpuRenderer keeps several batches in flight and returns each call its own images",
  ignore: !GPU,
  async fn() {
    const { WebGpuRenderer } = await import("./webgpu_renderer.ts");
    // Serial reference: one call at a time, one batch in flight.
    using serial = await createRenderer({ backend: "webgpu", maxInFlight: 1 });
    // Three calls of six frames each, at most eight frames per batch: the three start at once,
    // one batch each. Four calls of two frames, made while every slot is busy, merge into one.
    using piped = await createRenderer({ backend: "webgpu", maxInFlight: 3, maxBatchFrames: 8 });
    assert.ok(piped instanceof WebGpuRenderer);
    const cpu = new CpuRenderer();
    const calls = Array.from({ length: 7 }, (_, c) =>
      (c < 3 ? [0, 1, 2] : [0]).map((j) => {
        const t = c * 0.37 + j * 0.11;
        return {
          snapshot: taskScene(t),
          cameras: [cornerCamera(12 + 2 * c), gripperCamera(t, 20)],
        };
      }));
    const expected: Uint8Array[][][] = [];
    for (const jobs of calls) expected.push(await serial.renderBatch(jobs));
    const first = calls.slice(0, 3).map((jobs) => piped.renderBatch(jobs));
    await Promise.resolve();
    const got = await Promise.all(first.concat(calls.slice(3).map((j) => piped.renderBatch(j))));
    const stats = piped.stats;
    assert.deepEqual(stats, { batches: 4, frames: 3 * 6 + 4 * 2, peakInFlight: 3 });
    calls.forEach((jobs, c) => {
      assert.equal(got[c].length, jobs.length);
      jobs.forEach((job, j) => {
        const ref = cpu.renderSync(job.snapshot, job.cameras);
        job.cameras.forEach((cam, k) => {
          assert.deepEqual(got[c][j][k], expected[c][j][k], `call ${c} job ${j} ${cam.name}`);
          const diff = meanAbsDiff(got[c][j][k], ref[k]);
          assert.ok(diff <= MAX_MEAN_ABS_DIFF, `call ${c} job ${j} ${cam.name}: ${diff}`);
        });
      });
    });
  },
});

Deno.test({
  name: "WebGpuRenderer.close() rejects queued and in-flight calls",
  ignore: !GPU,
  async fn() {
    const gpu = await createRenderer({ backend: "webgpu", maxInFlight: 2, maxBatchFrames: 1 });
    const calls = [0, 1, 2, 3].map((k) => gpu.render(taskScene(k * 0.2), [cornerCamera(16)]));
    await Promise.resolve();
    gpu.close();
    const results = await Promise.allSettled(calls);
    for (const r of results) {
      assert.equal(r.status, "rejected");
      assert.match(String((r as PromiseRejectedResult).reason), /closed/);
    }
    await assert.rejects(() => gpu.render(taskScene(), [cornerCamera(8)]), /closed/);
  },
});

Deno.test({
  name: "createRenderer() rejects a non-positive maxInFlight with ConfigError",
  ignore: !GPU,
  async fn() {
    await assert.rejects(
      () => createRenderer({ backend: "webgpu", maxInFlight: 0 }),
      (e: Error) =>
        e.name === "ConfigError" && /"maxInFlight" must be a positive integer/.test(e.message),
    );
  },
});

// deno-lint-ignore-file no-console
/**
 * `bench:executor` part 2, the issue 18 targets: steps/s of (a) model mode with the vision
 * baseline as ONNX, (b) endpoint mode against a local miner process adding 30 ms per /act,
 * (c) endpoint mode with no latency; batching in (a) against batch 1; and loading a 50 MB
 * model from the cache. Every row runs the same episodes in the main thread (CPU renderer).
 * (c) and (b) alternate three times and each counts its median run, with a full garbage
 * collection before every run where `--expose-gc` allows it. Run it as the `bench:executor` task
 * does, with V8's larger young generation too (docs/executor.md, "Memory").
 */
import { fileURLToPath as fromFileUrl } from "node:url";
import { silentLogger } from "../src/log/mod.ts";
import { BatchedPolicy, loadPolicyModel, ModelStore, zeroBatch } from "../src/policy/mod.ts";
import { bigModel } from "../src/policy/_test_models.ts";
import { createThreadRunner, type ThreadSettings } from "../src/roles/executor/mod.ts";

const VISION_ONNX = fromFileUrl(
  new URL("../miner-template/python/vision_baseline.onnx", import.meta.url),
);
const ENV = "metaworld/reach-v4";
/** Runs of (c) and of (b), alternating; the median of each counts. */
const PAIRS = 3;

interface ModeRow {
  name: string;
  steps: number;
  stepsPerSec: number;
}

async function startMiner(latencyMs: number): Promise<{ url: string; stop: () => Promise<void> }> {
  const main = fromFileUrl(new URL("../main.ts", import.meta.url));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      main,
      "mock-miner",
      "--port",
      String(port),
      "--policy",
      "zero",
      "--latency-ms",
      String(latencyMs),
      "--log-level",
      "error",
    ],
    stdout: "null",
    stderr: "null",
  }).spawn();
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    const ok = await fetch(`${url}/health`).then((r) => (r.body?.cancel(), r.ok), () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async stop() {
      child.kill("SIGTERM");
      await child.status;
    },
  };
}

async function measureMode(
  name: string,
  settings: ThreadSettings,
  endpoint: string,
  lanes: number,
  seconds: number,
  steps: number,
): Promise<ModeRow> {
  // the previous row's runner and episodes are garbage now: collect them before measuring
  (globalThis as { gc?: () => void }).gc?.();
  const runner = await createThreadRunner(
    { renderer: "cpu", allowPrivateEndpoints: true, log: { level: "error" }, ...settings },
    silentLogger(),
  );
  let seed = 0;
  const task = () => ({
    envId: ENV,
    seed: seed++,
    episodeId: `bench-${seed}`,
    maxSteps: steps,
    minerEndpoint: endpoint,
  });
  try {
    await Promise.all(Array.from({ length: lanes }, () => runner.run(task())));
    let total = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: lanes }, async () => {
      while (performance.now() - t0 < seconds * 1000) {
        const r = await runner.run(task());
        if (r.code !== "not_solved" && r.code !== "success") {
          throw new Error(`Cannot bench ${name}: episode ended "${r.code}" ${r.error}`);
        }
        total += r.steps;
      }
    }));
    const wall = (performance.now() - t0) / 1000;
    return { name, steps: total, stepsPerSec: total / wall };
  } finally {
    await runner.close();
  }
}

/**
 * Rows/s of the vision model alone through {@link BatchedPolicy}, at batch 1 and at batch
 * `rows`, measured in alternating slices of 250 ms so that a change in the machine's load
 * (it is shared) falls on both alike.
 */
async function inferenceRates(rows: number, seconds: number): Promise<[number, number]> {
  const model = await loadPolicyModel(await Deno.readFile(VISION_ONNX));
  const corner = new Uint8Array(84 * 84 * 3);
  const sides = [1, rows].map((n) => {
    const policy = new BatchedPolicy(model, n);
    for (let i = 0; i < n; i++) policy.start(`e${i}`, 0);
    return { n, policy, done: 0, ms: 0 };
  });
  const round = (s: typeof sides[number]) =>
    Promise.all(
      Array.from({ length: s.n }, (_, i) =>
        s.policy.act(`e${i}`, { corner, proprio: [0, 0.6, 0.2, 1] })),
    );
  for (const s of sides) await round(s); // warm-up
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    for (const s of sides) {
      const t1 = performance.now();
      while (performance.now() - t1 < 250) {
        await round(s);
        s.done += s.n;
      }
      s.ms += performance.now() - t1;
    }
  }
  await model.close();
  const [one, many] = sides.map((s) => s.done / (s.ms / 1000));
  return [one, many];
}

/**
 * Milliseconds to load a `bytes`-sized model from the cache (hash checked) and check it: the
 * first such load in the process (the wasm heap grows) and a repeat; and a plain readFile.
 */
async function cachedLoad(bytes: number): Promise<{ loadMs: number[]; readMs: number }> {
  const dir = await Deno.makeTempDir();
  try {
    const model = bigModel(bytes);
    const sha = new Uint8Array(await crypto.subtle.digest("SHA-256", new Uint8Array(model)))
      .toHex();
    const store = new ModelStore({ dir });
    await Deno.writeFile(store.pathOf(sha), model);
    const t0 = performance.now();
    await Deno.readFile(store.pathOf(sha));
    const readMs = performance.now() - t0;
    const loadMs: number[] = [];
    for (let i = 0; i < 2; i++) {
      const t1 = performance.now();
      const loaded = await loadPolicyModel(await store.get(sha, "http://127.0.0.1:1/unused"));
      loadMs.push(performance.now() - t1);
      await loaded.run(zeroBatch(1, 0), 1);
      await loaded.close();
    }
    return { loadMs, readMs };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Runs the issue 18 rows and prints them with their ratios. */
export async function benchModes(seconds: number, steps: number, lanes: number): Promise<void> {
  console.log("");
  console.log(
    `modes: env=${ENV} steps/episode<=${steps} renderer=cpu main thread, ${lanes} episodes in flight`,
  );
  const cacheDir = await Deno.makeTempDir();
  const rows: ModeRow[] = [];
  try {
    // (c) and (b) alternate, PAIRS times each, and each counts its median run: a single run on a
    // shared 2-core machine varies by a quarter from one to the next
    const fast = await startMiner(0);
    let slow: Awaited<ReturnType<typeof startMiner>> | undefined;
    try {
      slow = await startMiner(30);
      const runs: Record<"c" | "b", ModeRow[]> = { c: [], b: [] };
      for (let i = 0; i < PAIRS; i++) {
        runs.c.push(
          await measureMode("(c) endpoint, no latency", {}, fast.url, lanes, seconds, steps),
        );
        runs.b.push(
          await measureMode("(b) endpoint, +30 ms per /act", {}, slow.url, lanes, seconds, steps),
        );
      }
      for (const mode of ["c", "b"] as const) {
        const all = runs[mode].map((r) => r.stepsPerSec.toFixed(0)).join(", ");
        console.log(`${runs[mode][0].name}: runs ${all} steps/s; the median counts`);
        const sorted = runs[mode].toSorted((x, y) => x.stepsPerSec - y.stepsPerSec);
        rows.push(sorted[sorted.length >> 1]);
      }
    } finally {
      await fast.stop();
      await slow?.stop();
    }
    const model = { allowModelFiles: true, modelCacheDir: cacheDir };
    const endpoint = `model-file:${VISION_ONNX}`;
    rows.push(
      await measureMode("(a) model (vision ONNX), batched", model, endpoint, lanes, seconds, steps),
    );
    rows.push(
      await measureMode(
        "(a1) model, batch 1",
        { ...model, modelMaxBatch: 1 },
        endpoint,
        lanes,
        seconds,
        steps,
      ),
    );
  } finally {
    await Deno.remove(cacheDir, { recursive: true });
  }
  const [c, b, a, a1] = rows;
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(36)} ${String(r.steps).padStart(7)} steps  ${
        r.stepsPerSec.toFixed(0).padStart(6)
      } steps/s  ${(r.stepsPerSec / c.stepsPerSec).toFixed(2)}x (c)`,
    );
  }
  const [inf1, infN] = await inferenceRates(lanes, Math.max(seconds, 4));
  const ratio = (x: number, y: number) => (x / y).toFixed(2);
  console.log(`(b)/(c) = ${ratio(b.stepsPerSec, c.stepsPerSec)} (target >= 0.9)`);
  console.log(`(a)/(c) = ${ratio(a.stepsPerSec, c.stepsPerSec)} (target >= 0.5)`);
  console.log(
    `batching, model alone: ${infN.toFixed(0)} rows/s at batch ${lanes} vs ${inf1.toFixed(0)} ` +
      `at batch 1 = ${ratio(infN, inf1)}x (target >= 3)`,
  );
  // Amdahl: a step is the environment's time plus the model's share of a batch; batching
  // shortens only the second, so episodes' steps/s can gain at most (env + m1) / (env + mN)
  const step1 = 1 / a1.stepsPerSec;
  const env = Math.max(0, step1 - 1 / inf1);
  console.log(
    `batching in (a) episodes: ${ratio(a.stepsPerSec, a1.stepsPerSec)}x batch 1; the model is ` +
      `${(100 * (1 - env / step1)).toFixed(0)}% of a batch-1 step, so batching can give at most ` +
      `${ratio(step1, env + 1 / infN)}x there`,
  );
  const load = await cachedLoad(50 * 1024 * 1024);
  console.log(
    `50 MB model from the cache (hash checked while reading) + contract check: first in ` +
      `process ${load.loadMs[0].toFixed(0)} ms, repeat ${load.loadMs[1].toFixed(0)} ms ` +
      `(target < 1000); plain readFile of the same file ${load.readMs.toFixed(0)} ms`,
  );
  const [l1] = Deno.loadavg();
  console.log(`load average ${l1.toFixed(1)} on ${navigator.hardwareConcurrency} cores`);
}

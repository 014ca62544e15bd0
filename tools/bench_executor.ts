// deno-lint-ignore-file no-console
/**
 * Executor overhead: episodes/s and milliseconds of executor work per step (sim step, both
 * cameras rendered at 84x84, base64 + JSON encoding of the `/act` request) with an instant
 * in-process miner, so no miner latency is counted. Rows: the main thread one episode at a
 * time (the reference), then 1 and 2 Web Workers; plus a per-step breakdown in the main thread.
 * Target: <= 2 ms/step of overhead. Also the cost of the action-trace fingerprint (issue 15)
 * per step against that overhead, measured in the same process; target < 1%.
 *
 * Then the model/endpoint rows of issue 18 (`_bench_modes.ts`).
 *
 * Run: `deno task bench:executor` (options: `--seconds S` per row, default 8;
 * `--steps N` per episode, default 100; `--renderer cpu|auto|webgpu`, default cpu;
 * `--modes-only` skips the overhead rows; `--lanes N` episodes in flight in the mode rows,
 * default 96: at 30 ms a call, 48 lanes cap (b) near 1,600 steps/s, about (c)'s own rate).
 */
import process from "node:process";
import { ActionTrace } from "../src/core/mod.ts";
import { benchModes } from "./_bench_modes.ts";
import { encodeImage } from "../src/core/wire/mod.ts";
import { makeEnv } from "../src/envs/mod.ts";
import { silentLogger } from "../src/log/mod.ts";
import { cameraSpecs, createRenderer, type RendererBackend } from "../src/render/mod.ts";
import {
  createThreadRunner,
  type EpisodeExecutor,
  type EpisodeResult,
  type ThreadSettings,
  WorkerPool,
} from "../src/roles/executor/mod.ts";
import { argNumber, argText } from "./_args.ts";

const seconds = argNumber("seconds", 8);
const steps = argNumber("steps", 100);
const backend = argText("renderer", "cpu") as RendererBackend;
const ENV = "metaworld/push-v4";
const settings: ThreadSettings = {
  renderer: backend,
  instantPolicy: true,
  log: { level: "error" },
};

interface Row {
  name: string;
  episodes: number;
  episodesPerSec: number;
  stepsPerSec: number;
  /** Mean wall time per step inside an episode (what a step costs the episode). */
  msPerStep: number;
  /** CPU time of the whole process (all threads) per step: steady on a shared machine. */
  cpuMsPerStep: number;
}

async function measure(name: string, ex: EpisodeExecutor, lanes: number): Promise<Row> {
  let seed = 0;
  const task = () => ({
    envId: ENV,
    seed: seed++,
    episodeId: `bench-${seed}`,
    maxSteps: steps,
    minerEndpoint: "instant",
  });
  // Warm-up: load every lane's environment and JIT the hot paths.
  await Promise.all(Array.from({ length: lanes }, () => ex.run(task())));
  const results: EpisodeResult[] = [];
  const u0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (performance.now() - t0 < seconds * 1000) {
      const r = await ex.run(task());
      if (r.code !== "not_solved") {
        throw new Error(`Cannot bench: episode ended "${r.code}" ${r.error}`);
      }
      results.push(r);
    }
  }));
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(u0);
  const totalSteps = results.reduce((s, r) => s + r.steps, 0);
  return {
    name,
    episodes: results.length,
    episodesPerSec: results.length / wall,
    stepsPerSec: totalSteps / wall,
    msPerStep: results.reduce((s, r) => s + r.wallMs, 0) / totalSteps,
    cpuMsPerStep: (cpu.user + cpu.system) / 1000 / totalSteps,
  };
}

/** Where a step's time goes, in the main thread. */
async function breakdown(): Promise<Record<string, number>> {
  using env = await makeEnv(ENV, { maxSteps: 100_000 });
  using renderer = await createRenderer({ backend });
  const t = { sim: 0, render: 0, encode: 0 };
  const n = 300;
  env.reset({ seed: 1 });
  for (let i = 0; i < n + 30; i++) {
    const a = performance.now();
    const r = env.step([0.3 * Math.sin(i / 10), 0.3, -0.1, i % 50 < 25 ? -1 : 1]);
    const b = performance.now();
    const snap = env.snapshot();
    const frames = await renderer.render(snap, cameraSpecs(snap, ["corner", "gripper"]));
    const c = performance.now();
    JSON.stringify({
      "episode_id": "x",
      step: i,
      observation: Array.from(r.observation.proprio),
      images: {
        corner: encodeImage(frames[0], 84, 84),
        gripper: encodeImage(frames[1], 84, 84),
      },
    });
    const d = performance.now();
    if (i >= 30) {
      t.sim += b - a;
      t.render += c - b;
      t.encode += d - c;
    }
  }
  return { sim: t.sim / n, render: t.render / n, encode: t.encode / n };
}

/**
 * Milliseconds per step of fingerprinting: one `ActionTrace.action()` per step plus the
 * episode's SHA-256 digest, amortized over `steps` steps.
 */
async function fingerprintMsPerStep(): Promise<number> {
  const actions = Array.from(
    { length: steps },
    (_, i) => [0.3 * Math.sin(i / 10), 0.3, -0.1, i % 50 < 25 ? -1 : 1],
  );
  const episode = async () => {
    const trace = new ActionTrace();
    for (const a of actions) trace.action(a);
    return await trace.digest();
  };
  for (let i = 0; i < 200; i++) await episode(); // warm-up
  const episodes = 2000;
  const t0 = performance.now();
  for (let i = 0; i < episodes; i++) await episode();
  return (performance.now() - t0) / (episodes * steps);
}

const lanes = argNumber("lanes", 96);
if (Deno.args.includes("--modes-only")) {
  await benchModes(seconds, steps, lanes);
  Deno.exit(0);
}

console.log(
  `bench:executor  env=${ENV}  steps/episode=${steps}  renderer=${backend}  ` +
    `cameras=corner+gripper 84x84  miner=instant (in-process)  cores=${navigator.hardwareConcurrency}`,
);
const b = await breakdown();
console.log(
  `per-step breakdown (main thread): sim ${b.sim.toFixed(3)} ms, render 2 cams ${
    b.render.toFixed(3)
  } ms, encode /act ${b.encode.toFixed(3)} ms, total ${
    (b.sim + b.render + b.encode).toFixed(3)
  } ms`,
);

const rows: Row[] = [];
const main = await createThreadRunner(settings, silentLogger());
rows.push(await measure("main thread, 1 at a time (reference)", main, 1));
await main.close();
for (const workers of [1, 2]) {
  const pool = await WorkerPool.create(workers, { settings, log: silentLogger() });
  rows.push(
    await measure(
      `${workers} worker${workers > 1 ? "s" : ""}, 2 in flight each`,
      pool,
      2 * workers,
    ),
  );
  await pool.close();
}

const ref = rows[0];
console.log("");
console.log(
  "row                                   episodes  episodes/s  steps/s  ms/step(in episode)  cpu-ms/step  vs ref",
);
for (const r of rows) {
  console.log(
    `${r.name.padEnd(38)}${String(r.episodes).padStart(8)}  ${
      r.episodesPerSec.toFixed(2).padStart(10)
    }  ${r.stepsPerSec.toFixed(0).padStart(7)}  ${r.msPerStep.toFixed(3).padStart(19)}  ${
      r.cpuMsPerStep.toFixed(3).padStart(11)
    }  ${(r.stepsPerSec / ref.stepsPerSec).toFixed(2)}x`,
  );
}
const overhead = 1000 / ref.stepsPerSec;
const [l1] = Deno.loadavg();
console.log("");
console.log(
  `executor overhead per step (reference row, excluding miner latency): ${
    overhead.toFixed(3)
  } ms ` +
    `wall, ${ref.cpuMsPerStep.toFixed(3)} ms CPU (target <= 2 ms: ${
      overhead <= 2 ? "met" : "NOT met"
    }); load average ${l1.toFixed(1)} on ${navigator.hardwareConcurrency} cores`,
);
console.log(
  `2 workers vs 1 worker throughput: ${(rows[2].stepsPerSec / rows[1].stepsPerSec).toFixed(2)}x`,
);
// the step overhead without fingerprinting is the breakdown's total (sim, render, encode); the
// episodes above ran with it
const fp = await fingerprintMsPerStep();
const without = b.sim + b.render + b.encode;
// against the smaller of the two overhead figures, so the ratio is not flattered
const base = Math.min(without, overhead);
const share = fp / base;
console.log(
  `fingerprint: ${(fp * 1000).toFixed(2)} us/step (action + SHA-256 per ${steps}-step episode); ` +
    `step overhead without ${base.toFixed(3)} ms, with ${(base + fp).toFixed(3)} ms, ` +
    `ratio ${(share * 100).toFixed(3)}% (target < 1%: ${share < 0.01 ? "met" : "NOT met"})`,
);

await benchModes(seconds, steps, lanes);

/**
 * `deno task bench:demos`: `kinitro demos` throughput (oracle steps/s with both 84x84 cameras,
 * shards written) against a reference in the same process: the same environments (16, the
 * oracle acting) stepped and rendered by the same env-server workers in lockstep, nothing
 * recorded or written. Rounds alternate (`--repeats`, default 3; best of each, so that a shared
 * machine's load swings hit both alike). Options: `--episodes N` per env id (default 30),
 * `--workers N` (default one per core), `--envs N` (default 16), `--env-ids A,B,…` (default
 * reach, button-press, drawer-close), `--out DIR` (default a temporary folder, removed).
 * Target: >= 2,000 demos steps/s on 2 cores.
 */
import { DEFAULT_ENV_IDS } from "../src/config/mod.ts";
import { createLogger } from "../src/log/mod.ts";
import { EnvWorkers, recordDemos, VecSession } from "../src/roles/env_server/mod.ts";
import { argNumber, argText, loadAverages } from "./_args.ts";

const EPISODES = argNumber("episodes", 30);
const N = argNumber("envs", 16);
const REPEATS = argNumber("repeats", 3);
const WORKERS = argNumber("workers", navigator.hardwareConcurrency || 1);
const ENV_IDS = argText(
  "env-ids",
  "metaworld/reach-v4,metaworld/button-press-v4,metaworld/drawer-close-v4",
).split(",");
const out = (line: string) => Deno.stdout.writeSync(new TextEncoder().encode(line + "\n"));

/** Reference: the workers step and render the envs with the oracle in lockstep, no recording. */
async function lockstep(pool: EnvWorkers, vectorSteps: number): Promise<number> {
  const session = await VecSession.open(pool, {
    "env_ids": ENV_IDS,
    "num_envs": N,
    cameras: true,
    "image_size": 84,
    randomize: true,
    policy: "oracle",
    "oracle_noise": 0,
  }, DEFAULT_ENV_IDS);
  try {
    const zeros = new Float32Array(N * 4);
    await session.reset(Float64Array.from({ length: N }, (_, i) => 1_000_000 + i));
    const t0 = performance.now();
    for (let k = 0; k < vectorSteps; k++) await session.step(zeros);
    return (vectorSteps * N) / ((performance.now() - t0) / 1000);
  } finally {
    await session.close();
  }
}

async function demos(pool: EnvWorkers, dir: string): Promise<{ rate: number; steps: number }> {
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  const summary = await recordDemos({
    pool,
    envIds: ENV_IDS,
    episodes: EPISODES,
    numEnvs: N,
    out: dir,
    seed: 1_000_000,
    imageSize: 84,
    randomize: true,
    noise: 0,
    shardSteps: 5000,
    taskIds: DEFAULT_ENV_IDS,
    log: createLogger({ level: "error" }),
  });
  return { rate: summary.stepsPerSecond, steps: summary.steps };
}

out(
  `demos bench: ${ENV_IDS.join(", ")} x ${EPISODES} episodes, ${N} envs, ${WORKERS} workers, ` +
    `corner+gripper 84x84, CPU renderer`,
);
out(`load average: ${loadAverages()} (${navigator.hardwareConcurrency} cores, shared machine?)`);
const dir = argText("out", "") || await Deno.makeTempDir({ prefix: "kinitro_bench_demos_" });
// One pool for both: WebAssembly tier-up in fresh workers would count otherwise.
const pool = await EnvWorkers.create(WORKERS, "cpu");
let best = 0, ref = 0, steps = 0;
try {
  await lockstep(pool, 20); // warm-up
  for (let r = 0; r < REPEATS; r++) {
    const d = await demos(pool, dir);
    const l = await lockstep(pool, Math.max(20, Math.round(d.steps / N / 2)));
    steps = d.steps;
    out(
      `  round ${r + 1}: demos ${d.rate.toFixed(0)} steps/s (${d.steps} steps written), ` +
        `workers in lockstep ${l.toFixed(0)} steps/s, ratio ${(d.rate / l).toFixed(2)} ` +
        `(load ${loadAverages()})`,
    );
    best = Math.max(best, d.rate), ref = Math.max(ref, l);
  }
} finally {
  await pool.close();
  if (!Deno.args.includes("--out")) await Deno.remove(dir, { recursive: true });
}
out(
  `kinitro demos (best):                      ${best.toFixed(0)} oracle steps/s (target >= 2000)`,
);
out(`same envs, workers in lockstep, no writes: ${ref.toFixed(0)} env steps/s`);
out(`ratio demos/lockstep: ${(best / ref).toFixed(2)} (${steps} steps a round)`);
out(`load average: ${loadAverages()}`);

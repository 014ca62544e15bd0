/**
 * `deno task bench:sim`: simulation throughput per task, on one core, without rendering.
 *
 * For every registered env it prints
 * - env steps/s running the oracle policy (resets, policy and reward included);
 * - raw substeps/s of the exported scene under the same mocap random walk as
 *   `../shared/tools/native_mujoco_bench.py`, in WebAssembly;
 * - when Python `mujoco` is importable, the native rate of the same exported scene from that
 *   script, and the WebAssembly/native ratio.
 *
 * Options: `--steps N` control steps of the raw comparison (default 5000), `--env-steps N`
 * oracle env steps per task (default 20000), `--repeats N` best-of runs for the raw rates
 * (default 3), `--only ID`.
 */
import { createRng } from "../src/core/mod.ts";
import { listEnvs, makeEnv, runEpisode } from "../src/envs/mod.ts";
import { Sim } from "../src/sim/mod.ts";

const NATIVE_SCRIPT = new URL("../../shared/tools/native_mujoco_bench.py", import.meta.url);

function arg(name: string, fallback: number): number {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Number(Deno.args[i + 1]) : fallback;
}
const RAW_STEPS = arg("steps", 5000);
const ENV_STEPS = arg("env-steps", 20000);
const onlyIdx = Deno.args.indexOf("--only");
const ONLY = onlyIdx >= 0 ? Deno.args[onlyIdx + 1] : undefined;
const SUBSTEPS = 5;
/** Raw rates are the best of this many runs (the machine is shared). */
const REPEATS = arg("repeats", 3);

function out(line: string): void {
  Deno.stdout.writeSync(new TextEncoder().encode(line + "\n"));
}

async function pythonHasMujoco(): Promise<boolean> {
  try {
    const { code } = await new Deno.Command("python3", {
      args: ["-c", "import mujoco"],
      stdout: "null",
      stderr: "null",
    }).output();
    return code === 0;
  } catch {
    return false;
  }
}

/** Oracle rollouts until `ENV_STEPS` env steps: steps per second including resets. */
async function envRate(id: string): Promise<{ rate: number; successRate: number }> {
  using env = await makeEnv(id);
  runEpisode(env, "oracle", 1_000_000); // warm-up (JIT, settle cache)
  let steps = 0;
  let episodes = 0;
  let ok = 0;
  const t0 = performance.now();
  while (steps < ENV_STEPS) {
    const ep = runEpisode(env, "oracle", episodes);
    steps += ep.steps;
    ok += ep.success ? 1 : 0;
    episodes++;
  }
  return { rate: steps / ((performance.now() - t0) / 1000), successRate: ok / episodes };
}

/** The native script's procedure in WebAssembly: random walk of mocap 0, random ctrl. */
async function rawRate(xml: string): Promise<{ substeps: number; ncon: number }> {
  using sim = await Sim.fromXml(xml);
  const rng = createRng(0);
  const home = sim.mocapPos.slice(0, 3);
  const { nu, nmocap } = sim.sizes;
  const run = (n: number) => {
    let con = 0;
    for (let i = 0; i < n; i++) {
      if (nmocap > 0) {
        const p = sim.mocapPos;
        for (let k = 0; k < 3; k++) {
          const v = p[k] + rng.range(-0.01, 0.01);
          p[k] = Math.min(home[k] + 0.2, Math.max(home[k] - 0.2, v));
        }
      }
      const ctrl = sim.ctrl;
      for (let u = 0; u < nu; u++) ctrl[u] = rng.range(-1, 1);
      sim.step(SUBSTEPS);
      con += sim.contactCount;
    }
    return con / n;
  };
  run(200); // warm-up
  let best = 0;
  let ncon = 0;
  for (let r = 0; r < REPEATS; r++) {
    sim.reset();
    const t0 = performance.now();
    ncon = run(RAW_STEPS);
    best = Math.max(best, (RAW_STEPS * SUBSTEPS) / ((performance.now() - t0) / 1000));
  }
  return { substeps: best, ncon };
}

async function nativeRate(xml: string): Promise<number | undefined> {
  const file = await Deno.makeTempFile({ suffix: ".xml" });
  try {
    await Deno.writeTextFile(file, xml);
    let best: number | undefined;
    for (let r = 0; r < REPEATS; r++) {
      const rate = await nativeOnce(file);
      if (rate === undefined) return undefined;
      best = Math.max(best ?? 0, rate);
    }
    return best;
  } finally {
    await Deno.remove(file);
  }
}

async function nativeOnce(file: string): Promise<number | undefined> {
  {
    const { code, stdout, stderr } = await new Deno.Command("python3", {
      args: [
        NATIVE_SCRIPT.pathname,
        file,
        "--steps",
        String(RAW_STEPS),
        "--substeps",
        String(SUBSTEPS),
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(stdout);
    const m = /substeps\/s=(\d+)/.exec(text);
    if (code !== 0 || m === null) {
      out(`  native run failed: ${new TextDecoder().decode(stderr).trim().split("\n").pop()}`);
      return undefined;
    }
    return Number(m[1]);
  }
}

const native = await pythonHasMujoco() &&
  await Deno.stat(NATIVE_SCRIPT).then(() => true, () => false);
out(
  `MuJoCo WebAssembly ${await Sim.version()}; native comparison: ${
    native
      ? "python3 mujoco"
      : "skipped (python3 -c 'import mujoco' fails or ../shared/tools missing)"
  }`,
);
out(
  `oracle env steps per task: ${ENV_STEPS}; raw random-walk control steps: ${RAW_STEPS} x ${SUBSTEPS} substeps`,
);
for (const { id } of listEnvs()) {
  if (ONLY !== undefined && id !== ONLY) continue;
  const env = await envRate(id);
  let xml: string;
  {
    using e = await makeEnv(id);
    xml = e.exportScene();
  }
  const raw = await rawRate(xml);
  let line =
    `${id.padEnd(26)} env_steps/s=${env.rate.toFixed(0)} (oracle, success ${
      (100 * env.successRate).toFixed(0)
    }%)` +
    `  wasm substeps/s=${raw.substeps.toFixed(0)} (ncon ${raw.ncon.toFixed(1)})`;
  if (native) {
    const n = await nativeRate(xml);
    if (n !== undefined) {
      line += `  native substeps/s=${n}  wasm/native=${(raw.substeps / n).toFixed(2)}`;
    }
  }
  out(line);
}

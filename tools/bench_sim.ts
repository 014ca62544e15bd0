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
 * Rates are given per wall-clock second (best of `--repeats` runs) and per CPU second of the
 * measuring process (robust when the machine is shared; the native CPU figure includes the
 * scene load, a few ms).
 *
 * Options: `--steps N` control steps of the raw comparison (default 5000), `--env-steps N`
 * oracle env steps per task (default 20000), `--repeats N` (default 3), `--only ID`.
 */
import process from "node:process";
import { createRng } from "../src/core/mod.ts";
import { listEnvs, makeEnv, runEpisode } from "../src/envs/mod.ts";
import { Sim } from "../src/sim/mod.ts";
import { argNumber, argText } from "./_args.ts";

const NATIVE_SCRIPT = new URL("../../shared/tools/native_mujoco_bench.py", import.meta.url);

const RAW_STEPS = argNumber("steps", 5000);
const ENV_STEPS = argNumber("env-steps", 20000);
const REPEATS = argNumber("repeats", 3);
const ONLY = argText("only");
const SUBSTEPS = 5;

/** A rate per wall-clock second and per CPU second. */
interface Rate {
  wall: number;
  cpu: number;
}

function out(line: string): void {
  Deno.stdout.writeSync(new TextEncoder().encode(line + "\n"));
}

/** Runs `fn` and returns `count / seconds` by wall clock and by this process's CPU time. */
function timed(count: number, fn: () => void): Rate {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { wall: count / wall, cpu: count / ((c.user + c.system) / 1e6) };
}

function best(rates: Rate[]): Rate {
  return {
    wall: Math.max(...rates.map((r) => r.wall)),
    cpu: Math.max(...rates.map((r) => r.cpu)),
  };
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

/** Oracle rollouts of `ENV_STEPS` env steps: steps per second including resets. */
async function envRate(id: string): Promise<{ rate: Rate; successRate: number }> {
  using env = await makeEnv(id);
  runEpisode(env, "oracle", 1_000_000); // warm-up (JIT, settle cache)
  let steps = 0;
  let episodes = 0;
  let ok = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  while (steps < ENV_STEPS) {
    const ep = runEpisode(env, "oracle", episodes);
    steps += ep.steps;
    ok += ep.success ? 1 : 0;
    episodes++;
  }
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return {
    rate: { wall: steps / wall, cpu: steps / ((c.user + c.system) / 1e6) },
    successRate: ok / episodes,
  };
}

/** The native script's procedure in WebAssembly: random walk of mocap 0, random ctrl. */
async function rawRate(xml: string): Promise<{ rate: Rate; ncon: number }> {
  using sim = await Sim.fromXml(xml);
  const rng = createRng(0);
  const home = sim.mocapPos.slice(0, 3);
  const { nu, nmocap } = sim.sizes;
  let con = 0;
  const run = (n: number) => {
    con = 0;
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
  };
  run(200); // warm-up
  const rates: Rate[] = [];
  for (let r = 0; r < REPEATS; r++) {
    sim.reset();
    rates.push(timed(RAW_STEPS * SUBSTEPS, () => run(RAW_STEPS)));
  }
  return { rate: best(rates), ncon: con / RAW_STEPS };
}

/** Python snippet: runs the shared script and prints its own CPU seconds afterwards. */
const NATIVE_RUNNER = [
  "import resource, runpy, sys, mujoco",
  "r0 = resource.getrusage(resource.RUSAGE_SELF)",
  "sys.argv = sys.argv[1:]",
  "runpy.run_path(sys.argv[0], run_name='__main__')",
  "r1 = resource.getrusage(resource.RUSAGE_SELF)",
  "print(f'cpu_s={(r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)}')",
].join("\n");

async function nativeRate(xml: string): Promise<Rate | undefined> {
  const file = await Deno.makeTempFile({ suffix: ".xml" });
  try {
    await Deno.writeTextFile(file, xml);
    const rates: Rate[] = [];
    for (let r = 0; r < REPEATS; r++) {
      const args = [
        NATIVE_SCRIPT.pathname,
        file,
        "--steps",
        `${RAW_STEPS}`,
        "--substeps",
        `${SUBSTEPS}`,
      ];
      const { code, stdout, stderr } = await new Deno.Command("python3", {
        args: ["-c", NATIVE_RUNNER, ...args],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const text = new TextDecoder().decode(stdout);
      const wall = /substeps\/s=(\d+)/.exec(text);
      const cpu = /cpu_s=([0-9.]+)/.exec(text);
      if (code !== 0 || wall === null || cpu === null) {
        out(`  native run failed: ${new TextDecoder().decode(stderr).trim().split("\n").pop()}`);
        return undefined;
      }
      rates.push({ wall: Number(wall[1]), cpu: (RAW_STEPS * SUBSTEPS) / Number(cpu[1]) });
    }
    return best(rates);
  } finally {
    await Deno.remove(file);
  }
}

const native = await pythonHasMujoco() &&
  await Deno.stat(NATIVE_SCRIPT).then(() => true, () => false);
const load = await Deno.readTextFile("/proc/loadavg").then((t) => t.split(" ")[0], () => "?");
out(
  `MuJoCo WebAssembly ${await Sim.version()}; native: ${
    native
      ? "python3 mujoco via ../shared/tools/native_mujoco_bench.py"
      : "skipped (no python3 mujoco)"
  }; load average ${load} on ${navigator.hardwareConcurrency} cores`,
);
out(
  `oracle env steps per task: ${ENV_STEPS}; raw random walk: ${RAW_STEPS} control steps x ` +
    `${SUBSTEPS} substeps, best of ${REPEATS}; figures are wall / CPU-time rates`,
);
const f = (r: Rate) => `${r.wall.toFixed(0)} / ${r.cpu.toFixed(0)}`;
for (const { id } of listEnvs()) {
  if (ONLY !== undefined && id !== ONLY) continue;
  const env = await envRate(id);
  let xml: string;
  {
    using e = await makeEnv(id);
    xml = e.exportScene();
  }
  const raw = await rawRate(xml);
  out(`${id}`);
  out(`  env steps/s (oracle, success ${(100 * env.successRate).toFixed(0)}%): ${f(env.rate)}`);
  out(`  wasm substeps/s: ${f(raw.rate)} (ncon ${raw.ncon.toFixed(1)})`);
  if (native) {
    const n = await nativeRate(xml);
    if (n !== undefined) {
      out(`  native substeps/s: ${f(n)}`);
      out(
        `  wasm/native: ${(raw.rate.wall / n.wall).toFixed(2)} / ${
          (raw.rate.cpu / n.cpu).toFixed(2)
        }`,
      );
    }
  }
}

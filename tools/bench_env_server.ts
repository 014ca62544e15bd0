/**
 * `deno task bench:env-server`: env-server throughput measured from Python against the same
 * environments stepped in-process in Deno, in the same run.
 *
 * 16 envs (the default task list, cycled), both 84x84 cameras, random actions, CPU renderer:
 * 1. in-process: this thread steps and renders the 16 envs in turn (env steps/s);
 * 2. env server: `kinitro env-server` in this process (`--workers`, default one per core),
 *    stepped by `python/benchmarks/bench_env_server.py` (numpy + gymnasium needed);
 * and prints both and the ratio (target >= 0.7). Options: `--steps N` vector steps (default
 * 60), `--workers N`, `--envs N` (default 16).
 */
import { DEFAULT_ENV_IDS } from "../src/config/mod.ts";
import { createRng } from "../src/core/mod.ts";
import { makeEnv } from "../src/envs/mod.ts";
import { createLogger } from "../src/log/mod.ts";
import { cameraSpecs, createRenderer } from "../src/render/mod.ts";
import { serveEnvs } from "../src/roles/env_server/mod.ts";

function arg(name: string, fallback: number): number {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Number(Deno.args[i + 1]) : fallback;
}
const STEPS = arg("steps", 60);
const N = arg("envs", 16);
const WORKERS = arg("workers", navigator.hardwareConcurrency || 1);
const out = (line: string) => Deno.stdout.writeSync(new TextEncoder().encode(line + "\n"));
const ids = Array.from({ length: N }, (_, i) => DEFAULT_ENV_IDS[i % DEFAULT_ENV_IDS.length]);

async function inProcess(): Promise<number> {
  const envs = await Promise.all(ids.map((id) => makeEnv(id)));
  using renderer = await createRenderer({ backend: "cpu" });
  const rng = createRng(0);
  envs.forEach((e, i) => e.reset({ seed: i }));
  const round = async () => {
    for (const [i, env] of envs.entries()) {
      const r = env.step([0, 1, 2, 3].map(() => rng.range(-1, 1)));
      if (r.terminated || r.truncated) env.reset({ seed: i + N });
      const snap = env.snapshot();
      await renderer.render(snap, cameraSpecs(snap, ["corner", "gripper"]));
    }
  };
  for (let k = 0; k < 5; k++) await round();
  const t0 = performance.now();
  for (let k = 0; k < STEPS; k++) await round();
  const rate = (STEPS * N) / ((performance.now() - t0) / 1000);
  for (const e of envs) e[Symbol.dispose]();
  return rate;
}

async function fromPython(): Promise<number> {
  const server = await serveEnvs({
    listen: { transport: "tcp", hostname: "127.0.0.1", port: 0 },
    workers: WORKERS,
    maxEnvs: N,
    renderer: "cpu",
    taskIds: DEFAULT_ENV_IDS,
    log: createLogger({ level: "error" }),
  });
  try {
    const root = new URL("../", import.meta.url).pathname;
    const r = await new Deno.Command("python3", {
      args: [
        "python/benchmarks/bench_env_server.py",
        "--address",
        server.address,
        "--num-envs",
        String(N),
        "--steps",
        String(STEPS),
      ],
      cwd: root,
      env: { PYTHONPATH: `${root}python` },
      stderr: "inherit",
    }).output();
    if (!r.success) throw new Error("the Python benchmark failed (pip install numpy gymnasium?)");
    return JSON.parse(new TextDecoder().decode(r.stdout)).env_steps_per_s;
  } finally {
    await server.close();
  }
}

out(`env-server bench: ${N} envs, corner+gripper 84x84, random actions, ${STEPS} vector steps`);
const load = () => Deno.loadavg().map((x) => x.toFixed(2)).join(" ");
out(`load average: ${load()}`);
const local = await inProcess();
out(`in-process Deno (1 thread):             ${local.toFixed(0)} env steps/s`);
const remote = await fromPython();
out(`Python via env-server (${WORKERS} workers):    ${remote.toFixed(0)} env steps/s`);
out(`ratio python/in-process: ${(remote / local).toFixed(2)} (target >= 0.70)`);
out(`load average: ${load()}`);

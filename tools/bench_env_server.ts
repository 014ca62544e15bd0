/**
 * `deno task bench:env-server`: env-server throughput measured from Python against the same
 * environments stepped in-process in Deno, in the same run.
 *
 * 16 envs (the default task list, cycled), both 84x84 cameras, random actions, CPU renderer:
 * 1. in-process: this thread steps and renders the 16 envs in turn (env steps/s);
 * 2. the env server's workers stepped directly from Deno (no socket);
 * 3. env server: `kinitro env-server` in this process (`--workers`, default one per core),
 *    stepped by `python/benchmarks/bench_env_server.py` (numpy + gymnasium needed);
 * alternated `--repeats` times (default 3; the best of each, so that a shared machine's load
 * swings hit both alike), and prints both and the ratio (target >= 0.7). Options: `--steps N`
 * vector steps (default 60), `--workers N`, `--envs N` (default 16). It also prints env steps
 * per CPU second (this process, its workers and the Python client): the protocol's overhead
 * without the machine's load.
 */
import process from "node:process";
import { DEFAULT_ENV_IDS } from "../src/config/mod.ts";
import { createRng } from "../src/core/mod.ts";
import { makeEnv } from "../src/envs/mod.ts";
import { createLogger } from "../src/log/mod.ts";
import { cameraSpecs, createRenderer } from "../src/render/mod.ts";
import { type EnvServer, EnvWorkers, serveEnvs, VecSession } from "../src/roles/env_server/mod.ts";
import { argNumber, loadAverages } from "./_args.ts";

const STEPS = argNumber("steps", 60);
const N = argNumber("envs", 16);
const REPEATS = argNumber("repeats", 3);
const WORKERS = argNumber("workers", navigator.hardwareConcurrency || 1);
const out = (line: string) => Deno.stdout.writeSync(new TextEncoder().encode(line + "\n"));
const ids = Array.from({ length: N }, (_, i) => DEFAULT_ENV_IDS[i % DEFAULT_ENV_IDS.length]);

interface Rate {
  wall: number;
  cpu: number;
  /** CPU ms per vector step: server (main + workers), Python client. */
  split?: [number, number];
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1e6;
}

async function inProcess(): Promise<Rate> {
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
  for (let k = 0; k < 30; k++) await round();
  const t0 = performance.now(), c0 = process.cpuUsage();
  for (let k = 0; k < STEPS; k++) await round();
  const rate = { wall: (STEPS * N) / ((performance.now() - t0) / 1000), cpu: 0 };
  rate.cpu = (STEPS * N) / cpuSeconds(c0);
  for (const e of envs) e[Symbol.dispose]();
  return rate;
}

/** The same workers stepped directly from Deno (no socket, no Python). */
async function inProcessWorkers(pool: EnvWorkers): Promise<Rate> {
  {
    const session = await VecSession.open(pool, {
      "env_ids": ids,
      "num_envs": N,
      cameras: true,
      "image_size": 84,
      randomize: true,
      policy: "client",
      "oracle_noise": 0,
    }, DEFAULT_ENV_IDS);
    const rng = createRng(0);
    const actions = () => Float32Array.from({ length: N * 4 }, () => rng.range(-1, 1));
    await session.reset(Float64Array.from({ length: N }, (_, i) => i));
    for (let k = 0; k < 30; k++) await session.step(actions());
    const t0 = performance.now(), c0 = process.cpuUsage();
    for (let k = 0; k < STEPS; k++) await session.step(actions());
    const wall = (STEPS * N) / ((performance.now() - t0) / 1000);
    const cpu = (STEPS * N) / cpuSeconds(c0);
    await session.close();
    return { wall, cpu };
  }
}

async function fromPython(server: EnvServer): Promise<Rate> {
  {
    const root = new URL("../", import.meta.url).pathname;
    const child = new Deno.Command("python3", {
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
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    // The server's CPU time (this process and its workers) between the client's marks.
    let c0: NodeJS.CpuUsage | undefined, serverCpu = 0, last = "";
    for await (
      const line of child.stdout.pipeThrough(new TextDecoderStream()).pipeThrough(lines())
    ) {
      if (line === "start") c0 = process.cpuUsage();
      else if (line === "end" && c0) serverCpu = cpuSeconds(c0);
      else if (line.trim()) last = line;
    }
    if (!(await child.status).success) {
      throw new Error("the Python benchmark failed (pip install numpy gymnasium?)");
    }
    const res = JSON.parse(last);
    return {
      wall: res.env_steps_per_s,
      cpu: (STEPS * N) / (serverCpu + res.client_cpu_s),
      split: [serverCpu * 1000 / STEPS, res.client_cpu_s * 1000 / STEPS],
    };
  }
}

function lines(): TransformStream<string, string> {
  let rest = "";
  return new TransformStream({
    transform(chunk, ctl) {
      const parts = (rest + chunk).split("\n");
      rest = parts.pop() ?? "";
      for (const p of parts) ctl.enqueue(p);
    },
    flush(ctl) {
      if (rest) ctl.enqueue(rest);
    },
  });
}

out(`env-server bench: ${N} envs, corner+gripper 84x84, random actions, ${STEPS} vector steps`);
out(`load average: ${loadAverages()}`);
// Workers and server start once: WebAssembly tier-up in fresh workers would count otherwise.
const pool = await EnvWorkers.create(WORKERS, "cpu");
const server = await serveEnvs({
  listen: { transport: "tcp", hostname: "127.0.0.1", port: 0 },
  workers: WORKERS,
  maxEnvs: N,
  renderer: "cpu",
  taskIds: DEFAULT_ENV_IDS,
  log: createLogger({ level: "error" }),
});
let local = 0, remote = 0, localCpu = 0, remoteCpu = 0, pooled = 0;
for (let r = 0; r < REPEATS; r++) {
  const a = await inProcess(), w = await inProcessWorkers(pool), b = await fromPython(server);
  pooled = Math.max(pooled, w.wall);
  out(
    `  round ${r + 1}: in-process ${a.wall.toFixed(0)}, Python ${b.wall.toFixed(0)} env steps/s ` +
      `(per CPU second: ${a.cpu.toFixed(0)}, ${b.cpu.toFixed(0)}; CPU ms per vector step: ` +
      `in-process ${(N * 1000 / a.cpu).toFixed(1)}, server ${b.split![0].toFixed(1)}, ` +
      `client ${b.split![1].toFixed(1)})`,
  );
  local = Math.max(local, a.wall), remote = Math.max(remote, b.wall);
  localCpu = Math.max(localCpu, a.cpu), remoteCpu = Math.max(remoteCpu, b.cpu);
}
await pool.close();
await server.close();
out(`in-process Deno (1 thread, best):           ${local.toFixed(0)} env steps/s`);
out(`Python via env-server (${WORKERS} workers, best): ${remote.toFixed(0)} env steps/s`);
out(`in-process Deno (${WORKERS} env-server workers, no socket, best): ${pooled.toFixed(0)}`);
out(`ratio python/in-process (1 thread): ${(remote / local).toFixed(2)} (target >= 0.70)`);
out(`ratio python/in-process (same workers): ${(remote / pooled).toFixed(2)} (socket + client)`);
out(
  `per CPU second: in-process ${localCpu.toFixed(0)}, env-server + Python ${
    remoteCpu.toFixed(0)
  }, ratio ${(remoteCpu / localCpu).toFixed(2)}`,
);
out(`load average: ${loadAverages()}`);

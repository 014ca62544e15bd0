// deno-lint-ignore-file no-console
/**
 * `deno task bench:api`: N concurrent simulated executors lease and submit a fixed number
 * of tasks through the HTTP API (`kinitro api` in a child process) against real PostgreSQL,
 * and the same claim + submit statements run directly through the driver as the baseline.
 * Prints tasks/s, p50/p99 latencies and the ratio; asserts every task completed exactly once.
 *
 * Usage: KINITRO_TEST_DATABASE_URL=postgres://… deno task bench:api [--clients 16]
 *        [--tasks 4000] [--batch 1]
 * Without a URL it runs on the embedded database (PGlite) and says so.
 */
import { cpuUsage } from "node:process";
import { parseArgs } from "node:util";
import { ApiClient } from "../src/client/mod.ts";
import {
  claimTasks,
  createApiKey,
  createServerDatabase,
  type Db,
  type DbHandle,
  dropServerDatabase,
  migrate,
  openDb,
  submitResult,
} from "../src/db/mod.ts";
import { seedCycle } from "../src/testing/mod.ts";

const { values } = parseArgs({
  options: {
    clients: { type: "string", default: "16" },
    tasks: { type: "string", default: "4000" },
    batch: { type: "string", default: "1" },
  },
});
const CLIENTS = Number(values.clients);
const TASKS = Number(values.tasks);
const BATCH = Number(values.batch);
const BASE_URL = Deno.env.get("KINITRO_BENCH_DATABASE_URL") ??
  Deno.env.get("KINITRO_TEST_DATABASE_URL");

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function freshUrl(): string {
  const u = new URL(BASE_URL!);
  u.pathname = `/kinitro_bench_${crypto.randomUUID().slice(0, 8)}`;
  return u.toString();
}

async function seed(db: Db): Promise<number> {
  // 8 environments x `episodes` x `miners` = TASKS
  const envIds = Array.from({ length: 8 }, (_, i) => `metaworld/env-${i}-v3`);
  const miners = Math.max(1, Math.round(TASKS / (8 * 10)));
  const episodesPerEnv = Math.ceil(TASKS / (8 * miners));
  const { tasks } = await seedCycle(db, { miners, envIds, episodesPerEnv });
  return tasks.length;
}

interface RunResult {
  label: string;
  tasks: number;
  seconds: number;
  perTaskMs: number[];
  requestMs: number[];
}

async function verify(db: Db, expected: number): Promise<void> {
  const [r] = await db.query<
    { results: number; distinct: number; completed: number; total: number }
  >(
    `SELECT (SELECT count(*) FROM episode_results) AS results,
       (SELECT count(DISTINCT task_id) FROM episode_results) AS distinct,
       (SELECT count(*) FROM tasks WHERE status = 'completed') AS completed,
       (SELECT count(*) FROM tasks) AS total`,
  );
  if (
    r.total !== expected || r.results !== expected || r.distinct !== expected ||
    r.completed !== expected
  ) {
    throw new Error(`Cannot verify the run: ${JSON.stringify(r)} (expected ${expected} each)`);
  }
}

async function runDirect(db: Db, total: number): Promise<RunResult> {
  const perTask: number[] = [];
  const req: number[] = [];
  let done = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, async (_, w) => {
    const executorId = `direct-${w}`;
    for (;;) {
      const a = performance.now();
      const got = await claimTasks(db, { executorId, limit: BATCH, leaseSeconds: 300 });
      const b = performance.now();
      req.push(b - a);
      if (got.length === 0) return;
      for (const g of got) {
        const c = performance.now();
        const out = await submitResult(
          db,
          { taskId: g.taskId, leaseId: g.leaseId, code: "success", steps: 100, reward: 1 },
          { executorId },
        );
        const d = performance.now();
        req.push(d - c);
        if (out.status !== "accepted") throw new Error(`submit not accepted: ${out.reason}`);
        perTask.push((b - a) / got.length + (d - c));
        done++;
      }
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  if (done !== total) throw new Error(`direct run completed ${done} of ${total}`);
  return { label: "direct driver", tasks: done, seconds, perTaskMs: perTask, requestMs: req };
}

async function runApi(baseUrl: string, key: string, total: number): Promise<RunResult> {
  const perTask: number[] = [];
  const req: number[] = [];
  let done = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, async (_, w) => {
    const client = new ApiClient({ baseUrl, apiKey: key, executorId: `w${w}`, retries: 0 });
    for (;;) {
      const a = performance.now();
      const { tasks } = await client.fetchTasks({ batchSize: BATCH });
      const b = performance.now();
      req.push(b - a);
      if (tasks.length === 0) return;
      for (const t of tasks) {
        const c = performance.now();
        const out = await client.submitResults([
          { task_id: t.task_id, lease_id: t.lease_id, code: "success", steps: 100, reward: 1 },
        ]);
        const d = performance.now();
        req.push(d - c);
        if (out.accepted !== 1) throw new Error(`submit not accepted: ${JSON.stringify(out)}`);
        perTask.push((b - a) / tasks.length + (d - c));
        done++;
      }
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  if (done !== total) throw new Error(`API run completed ${done} of ${total}`);
  return { label: "HTTP API", tasks: done, seconds, perTaskMs: perTask, requestMs: req };
}

function report(
  r: RunResult,
): { rate: number; p50: number; p99: number; rp50: number; rp99: number } {
  const t = [...r.perTaskMs].sort((a, b) => a - b);
  const q = [...r.requestMs].sort((a, b) => a - b);
  const out = {
    rate: r.tasks / r.seconds,
    p50: percentile(t, 50),
    p99: percentile(t, 99),
    rp50: percentile(q, 50),
    rp99: percentile(q, 99),
  };
  console.log(
    `${r.label.padEnd(14)} ${r.tasks} tasks in ${r.seconds.toFixed(2)} s = ` +
      `${out.rate.toFixed(0)} tasks/s | per task (claim+submit) p50 ${out.p50.toFixed(1)} ms ` +
      `p99 ${out.p99.toFixed(1)} ms | per request p50 ${out.rp50.toFixed(1)} ms p99 ` +
      `${out.rp99.toFixed(1)} ms`,
  );
  return out;
}

/** CPU seconds (user + system) of a process, from /proc (Linux), or NaN. */
function procCpuSeconds(pid: number): number {
  try {
    const f = Deno.readTextFileSync(`/proc/${pid}/stat`).split(") ")[1].split(" ");
    return (Number(f[11]) + Number(f[12])) / 100; // clock ticks, USER_HZ = 100
  } catch {
    return NaN;
  }
}

function selfCpuSeconds(): number {
  const u = cpuUsage();
  return (u.user + u.system) / 1e6;
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

async function waitHealthy(url: string, child: Deno.ChildProcess): Promise<void> {
  const client = new ApiClient({ baseUrl: url, retries: 0, timeoutMs: 1000 });
  for (let i = 0; i < 600; i++) {
    if (await client.health()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error("Cannot start the API: no healthy answer in 60 s");
}

async function main(): Promise<void> {
  const embedded = !BASE_URL;
  console.log(
    `bench:api  clients=${CLIENTS} tasks=${TASKS} batch=${BATCH} database=${
      embedded
        ? "embedded PGlite (set KINITRO_TEST_DATABASE_URL for real PostgreSQL)"
        : "PostgreSQL"
    }`,
  );
  const urls: string[] = [];
  const open = async (): Promise<{ db: DbHandle; url?: string }> => {
    if (embedded) return { db: await openDb({ memory: true, poolSize: CLIENTS }) };
    const url = freshUrl();
    urls.push(url);
    await createServerDatabase(url);
    return { db: await openDb({ databaseUrl: url, poolSize: CLIENTS }), url };
  };
  try {
    // Baseline: the same statements through the driver.
    const direct = await open();
    await migrate(direct.db);
    const n1 = await seed(direct.db);
    const cpu0 = selfCpuSeconds();
    const d = report(await runDirect(direct.db, n1));
    console.log(`  CPU: bench process ${(selfCpuSeconds() - cpu0).toFixed(2)} s`);
    await verify(direct.db, n1);
    await direct.db.close();

    if (embedded) {
      console.log("HTTP API run skipped: it needs a PostgreSQL URL the API process can reach");
      return;
    }
    const api = await open();
    await migrate(api.db);
    const n2 = await seed(api.db);
    const { key } = await createApiKey(api.db, "bench");
    const port = freePort();
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        ...(Deno.env.get("KINITRO_BENCH_API_DENO_FLAGS")?.split(" ").filter(Boolean) ?? []),
        new URL("../main.ts", import.meta.url).pathname,
        "api",
        "--host",
        "127.0.0.1",
        "--port",
        String(port),
        "--database-url",
        api.url!,
        "--log-level",
        "warn",
      ],
      stdout: "null",
      stderr: "inherit",
    }).spawn();
    let a;
    try {
      const url = `http://127.0.0.1:${port}`;
      await waitHealthy(url, child);
      const [c0, s0] = [selfCpuSeconds(), procCpuSeconds(child.pid)];
      a = report(await runApi(url, key, n2));
      console.log(
        `  CPU: bench clients ${(selfCpuSeconds() - c0).toFixed(2)} s, API process ${
          (procCpuSeconds(child.pid) - s0).toFixed(2)
        } s`,
      );
      await verify(api.db, n2);
    } finally {
      child.kill("SIGTERM");
      await child.status;
      await api.db.close();
    }
    const ratio = a.rate / d.rate;
    console.log(`ratio HTTP API / direct driver: ${ratio.toFixed(2)}`);
    console.log("every task completed exactly once: yes (both runs)");
    const checks = [
      [`>= 1000 tasks/s through the API with ${CLIENTS} clients`, a.rate >= 1000],
      [">= 0.5x the direct-driver baseline", ratio >= 0.5],
      ["p99 per request < 50 ms", a.rp99 < 50],
    ] as const;
    for (const [what, ok] of checks) console.log(`${ok ? "PASS" : "MISS"} ${what}`);
  } finally {
    for (const url of urls) await dropServerDatabase(url).catch(() => {});
  }
}

await main();

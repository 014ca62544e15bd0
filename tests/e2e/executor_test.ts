import assert from "node:assert/strict";
import { seedTasks, serveFaultyMiner, startTestApi, taskOutcomes } from "../../src/testing/mod.ts";

/** Starts `kinitro executor` as a subprocess against `apiUrl`. */
function spawnExecutor(apiUrl: string, apiKey: string, extra: string[] = []): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "main.ts",
      "executor",
      "--api-url",
      apiUrl,
      "--workers",
      "0",
      "--concurrency",
      "4",
      "--renderer",
      "cpu",
      "--allow-private-endpoints",
      "--act-timeout-ms",
      "2000",
      "--poll-interval-ms",
      "100",
      "--log-level",
      "warn",
      ...extra,
    ],
    env: { KINITRO_EXECUTOR_API_KEY: apiKey, KINITRO_LOG_FORMAT: "json" },
    stdout: "null",
    stderr: "piped",
  }).spawn();
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 120_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

Deno.test("kinitro executor: a killed executor's tasks are re-run after lease expiry, once", async () => {
  await using api = await startTestApi({ leaseSeconds: 3 });
  // Each /act takes 150 ms: a 12-step episode lasts about 2 s.
  await using miner = serveFaultyMiner("slow", { slowMs: 150 });
  await seedTasks(api.db, { endpoints: [miner.url], episodesPerEnv: 4, maxSteps: 12 });

  const first = spawnExecutor(api.url, api.apiKey);
  await until("the first executor to lease every task and start acting", async () => {
    const rows = await taskOutcomes(api.db);
    return rows.every((r) => r.status === "leased") && miner.acts() >= 4;
  });
  first.kill("SIGKILL");
  const killed = await first.status;
  await first.stderr.cancel();
  assert.equal(killed.signal, "SIGKILL");
  const mid = await taskOutcomes(api.db);
  assert.ok(mid.every((r) => r.results === 0), "the killed executor submitted nothing");

  const second = spawnExecutor(api.url, api.apiKey);
  await until("every task to complete", async () => {
    const rows = await taskOutcomes(api.db);
    return rows.every((r) => r.status === "completed");
  });
  second.kill("SIGTERM");
  const [status, stderr] = await Promise.all([
    second.status,
    new Response(second.stderr).text(),
  ]);
  assert.equal(status.code, 0, `SIGTERM exits 0; stderr: ${stderr}`);

  const rows = await taskOutcomes(api.db);
  assert.equal(rows.length, 4);
  for (const r of rows) {
    assert.equal(r.code, "not_solved");
    assert.equal(r.attempts, 2, "leased by the killed executor, then re-run once");
    assert.equal(r.results, 1, "exactly one recorded result");
  }
});

Deno.test("kinitro executor --workers 2 --once runs every task once in Web Workers", async () => {
  await using api = await startTestApi();
  await using ok = serveFaultyMiner("ok");
  await using bad = serveFaultyMiner("nan_action");
  await seedTasks(api.db, { endpoints: [ok.url, bad.url], episodesPerEnv: 3, maxSteps: 8 });
  const child = spawnExecutor(api.url, api.apiKey, ["--workers", "2", "--once"]);
  const [status, stderr] = await Promise.all([child.status, new Response(child.stderr).text()]);
  assert.equal(status.code, 0, stderr);
  const rows = await taskOutcomes(api.db);
  assert.equal(rows.length, 6);
  for (const r of rows) {
    assert.equal(r.status, "completed");
    assert.equal(r.results, 1);
    assert.equal(r.code, r.endpoint === ok.url ? "not_solved" : "miner_bad_action");
  }
});

Deno.test("kinitro executor: a refused API key exits 3 (configuration), naming the key problem", async () => {
  await using api = await startTestApi();
  const child = spawnExecutor(api.url, "kin_not_a_key");
  const [status, stderr] = await Promise.all([child.status, new Response(child.stderr).text()]);
  assert.equal(status.code, 3, stderr);
  assert.match(stderr, /invalid or revoked API key/);
});

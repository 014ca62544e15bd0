import assert from "node:assert/strict";
import { kinitro } from "./_kinitro.ts";
import { hasGpu } from "../../src/render/mod.ts";
import { serveFaultyMiner } from "../../src/testing/mod.ts";

function kinitroJsonLogs(args: string[], env: Record<string, string> = {}) {
  return kinitro(args, { KINITRO_LOG_FORMAT: "json", ...env });
}

Deno.test("kinitro eval --json prints per-env success, episodes and codes", async () => {
  await using miner = serveFaultyMiner("short_action");
  const r = await kinitroJsonLogs([
    "eval",
    "--miner",
    miner.url,
    "--env-ids",
    "metaworld/reach-v4",
    "--episodes",
    "2",
    "--max-steps",
    "8",
    "--renderer",
    "cpu",
    "--allow-private-endpoints",
    "--json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  const s = report.envs["metaworld/reach-v4"];
  assert.equal(s.success_rate, 0);
  assert.equal(s.episodes, 2);
  assert.deepEqual(s.codes, { "miner_bad_action": 2 });
  assert.equal(r.stdout.trim().split("\n").length, 1, "stdout holds only the JSON object");
});

Deno.test("kinitro executor without an API key exits 3 naming the variable", async () => {
  const r = await kinitroJsonLogs(["executor", "--api-url", "http://127.0.0.1:1"]);
  assert.equal(r.code, 3);
  assert.match(r.stderr, /KINITRO_EXECUTOR_API_KEY/);
  assert.equal(r.stdout, "");
});

Deno.test("kinitro executor exits 4 when the API does not answer at startup", async () => {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  const r = await kinitroJsonLogs(["executor", "--api-url", `http://127.0.0.1:${port}`], {
    KINITRO_EXECUTOR_API_KEY: "k",
  });
  assert.equal(r.code, 4, r.stderr);
  assert.match(r.stderr, /does not answer \/health/);
});

Deno.test("kinitro executor --renderer webgpu exits 4 without a WebGPU adapter", {
  // Only meaningful where no adapter exists (CPU-only CI); skipped where one does.
  ignore: await hasGpu(),
}, async () => {
  const r = await kinitroJsonLogs(
    ["executor", "--renderer", "webgpu", "--workers", "0", "--api-url", "http://127.0.0.1:1"],
    { KINITRO_EXECUTOR_API_KEY: "k" },
  );
  assert.equal(r.code, 4, r.stderr);
  assert.match(r.stderr, /WebGPU/);
});

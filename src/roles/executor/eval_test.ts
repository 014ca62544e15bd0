import assert from "node:assert/strict";
import { EvalConfigSchema } from "../../config/mod.ts";
import { silentLogger } from "../../log/mod.ts";
import { observeEnv, oraclePolicy, serveFaultyMiner } from "../../testing/mod.ts";
import { formatEvalReport, runEval, summarize } from "./eval.ts";
import type { EpisodeResult } from "./types.ts";

Deno.test("runEval() runs episodes against an HTTP miner and summarizes them per env", async () => {
  await using miner = serveFaultyMiner("ok");
  const config = EvalConfigSchema.parse({
    miner: miner.url,
    envIds: "metaworld/reach-v4,metaworld/push-v4",
    episodes: 2,
    maxSteps: 6,
    renderer: "cpu",
    allowPrivateEndpoints: true,
  });
  const seen: string[] = [];
  const report = await runEval(config, {
    log: silentLogger(),
    signal: new AbortController().signal,
    onEpisode: (envId, i) => seen.push(`${envId}#${i}`),
  });
  assert.deepEqual(Object.keys(report.envs), ["metaworld/reach-v4", "metaworld/push-v4"]);
  for (const s of Object.values(report.envs)) {
    assert.equal(s.success_rate, 0);
    assert.equal(s.episodes, 2);
    assert.deepEqual(s.codes, { "not_solved": 2 });
    assert.equal(s.mean_steps, 6);
    assert.ok(s.latency_p50_ms !== null && s.latency_p50_ms >= 0);
  }
  assert.equal(seen.length, 4);
  assert.equal(miner.acts(), 24);
  const lines = formatEvalReport(report);
  assert.match(lines[0], /^ENV\s+SUCCESS/);
  assert.match(lines[1], /^metaworld\/reach-v4\s+0%\s+2/);
});

Deno.test("runEval() rejects an unknown env id with a usage error", async () => {
  const config = EvalConfigSchema.parse({ miner: "http://127.0.0.1:1", envIds: "nope/x-v1" });
  await assert.rejects(
    runEval(config, { log: silentLogger(), signal: new AbortController().signal }),
    (err: Error) => err.name === "UsageError" && /valid ids/.test(err.message),
  );
});

Deno.test("summarize() counts codes, success rate and latency across episodes", () => {
  const ep = (code: EpisodeResult["code"], p50: number | null, p99: number | null) => ({
    code,
    success: code === "success",
    steps: 10,
    reward: 1,
    missedActs: code === "success" ? 1 : 0,
    latencyP50Ms: p50,
    latencyP99Ms: p99,
    wallMs: 5,
    minerMs: 1,
    error: null,
    aborted: false,
    fingerprint: null,
  });
  const s = summarize([
    ep("success", 10, 20),
    ep("success", 30, 90),
    ep("miner_timeout", 50, 500),
    ep("miner_unavailable", null, null),
  ]);
  assert.equal(s.success_rate, 0.5);
  assert.equal(s.episodes, 4);
  assert.deepEqual(s.codes, { success: 2, "miner_timeout": 1, "miner_unavailable": 1 });
  assert.equal(s.missed_acts, 2);
  assert.equal(s.latency_p50_ms, 30);
  assert.equal(s.latency_p99_ms, 500);
});

// Keeps the oracle helper honest: it must solve reach through the in-thread path too.
Deno.test("oraclePolicy() drives the env to success through runEpisode", async () => {
  const { makeEnv } = await import("../../envs/mod.ts");
  const { runEpisode } = await import("./episode.ts");
  using env = await makeEnv("metaworld/push-v4");
  const { policy, observe } = oraclePolicy("metaworld/push-v4");
  const flat = {
    render: (_s: unknown, cams: readonly { width: number; height: number }[]) =>
      Promise.resolve(cams.map((c) => new Uint8Array(c.width * c.height * 3))),
  };
  const r = await runEpisode(
    { envId: "metaworld/push-v4", seed: 5, episodeId: "o", maxSteps: 500, minerEndpoint: "x" },
    { env: observeEnv(env, observe), renderer: flat, miner: policy },
  );
  assert.equal(r.code, "success", String(r.error));
});

Deno.test("runEval() --model runs an ONNX file in-process, batching concurrent episodes", async () => {
  const { fullModel } = await import("../../policy/_test_models.ts");
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(`${dir}/p.onnx`, fullModel());
    const config = EvalConfigSchema.parse({
      model: `${dir}/p.onnx`,
      envs: "metaworld/reach-v4",
      episodes: 3,
      maxSteps: 4,
      renderer: "cpu",
    });
    const report = await runEval(config, {
      log: silentLogger(),
      signal: new AbortController().signal,
    });
    assert.deepEqual(report.envs["metaworld/reach-v4"].codes, { "not_solved": 3 });
    assert.equal(report.envs["metaworld/reach-v4"].mean_steps, 4);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runEval() needs exactly one of --miner and --model", async () => {
  for (const args of [{}, { miner: "http://127.0.0.1:1", model: "p.onnx" }]) {
    await assert.rejects(
      runEval(EvalConfigSchema.parse(args), {
        log: silentLogger(),
        signal: new AbortController().signal,
      }),
      (err: Error) => err.name === "UsageError" && /--miner URL or --model FILE/.test(err.message),
    );
  }
});

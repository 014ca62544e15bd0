import assert from "node:assert/strict";
import { formatModelCommitment } from "../../chain/mod.ts";
import { VerifyCycleConfigSchema } from "../../config/mod.ts";
import { bytesToHex, createSceneSeeder, cycleCommitment } from "../../core/mod.ts";
import type { CycleEpisode, CycleEpisodesResponse } from "../../core/wire/mod.ts";
import { silentLogger } from "../../log/mod.ts";
import { fullModel } from "../../policy/_test_models.ts";
import { serveTestHub } from "../../policy/_test_hub.ts";
import { createThreadRunner } from "./local.ts";
import { formatVerifyReport, runVerifyCycle } from "./verify_cycle.ts";

const REV = "0123456789ab";

/** A finished cycle recorded by a real executor run: one model miner, one endpoint miner. */
async function recordCycle(hubUrl: string, dir: string): Promise<CycleEpisodesResponse> {
  const bytes = fullModel();
  const sha = new Uint8Array(await crypto.subtle.digest("SHA-256", new Uint8Array(bytes))).toHex();
  const endpoint = formatModelCommitment({ sha256: sha, repo: "m/policy", revision: REV });
  const secret = new Uint8Array(32).map((_, i) => i * 13 + 1);
  const seeder = await createSceneSeeder(secret);
  const runner = await createThreadRunner(
    { renderer: "cpu", modelHubUrl: hubUrl, modelCacheDir: `${dir}/executor` },
    silentLogger(),
  );
  const episodes: CycleEpisode[] = [];
  try {
    for (const envId of ["metaworld/reach-v4", "metaworld/push-v4"]) {
      for (let i = 0; i < 2; i++) {
        const seed = await seeder.seed(envId, i);
        const r = await runner.run({
          envId,
          seed,
          episodeId: `t-${envId}-${i}`,
          maxSteps: 8,
          minerEndpoint: endpoint,
        });
        const common = {
          "env_id": envId,
          "episode_index": i,
          seed,
          "max_steps": 8,
          code: r.code,
          success: r.success,
          steps: r.steps,
        };
        episodes.push({
          ...common,
          "task_id": crypto.randomUUID(),
          "miner_uid": 1,
          "miner_hotkey": "5Model",
          "miner_endpoint": endpoint,
          renderer: r.renderer ?? null,
          runtime: r.runtime ?? null,
          "model_sha256": r.modelSha256 ?? null,
          "action_digest": r.actionDigest ?? null,
        });
        episodes.push({
          ...common,
          "task_id": crypto.randomUUID(),
          "miner_uid": 2,
          "miner_hotkey": "5Endpoint",
          "miner_endpoint": "http://127.0.0.1:1",
          renderer: "cpu",
          runtime: "http",
          "model_sha256": null,
          "action_digest": null,
        });
      }
    }
  } finally {
    await runner.close();
  }
  return {
    "cycle_id": 7,
    status: "complete",
    secret: bytesToHex(secret),
    "secret_hash": await cycleCommitment(secret),
    episodes,
  };
}

async function verify(data: CycleEpisodesResponse, hubUrl: string, dir: string) {
  const config = VerifyCycleConfigSchema.parse({
    sample: 10,
    modelHubUrl: hubUrl,
    modelCacheDir: `${dir}/verifier`,
  });
  return await runVerifyCycle(7, config, {
    log: silentLogger(),
    signal: new AbortController().signal,
    api: { cycleEpisodes: () => Promise.resolve(structuredClone(data)) },
  });
}

Deno.test("runVerifyCycle() reproduces a model miner's CPU episodes bit for bit and flags tampering", async (t) => {
  const dir = await Deno.makeTempDir();
  const hub = serveTestHub({ [`/m/policy/resolve/${REV}/model.onnx`]: { body: fullModel() } });
  try {
    const data = await recordCycle(hub.url, dir);
    await t.step("the honest record matches", async () => {
      const report = await verify(data, hub.url, dir);
      assert.equal(report.ok, true, formatVerifyReport(report).join("\n"));
      const model = report.miners.find((m) => m.uid === 1)!;
      assert.equal(model.checks.length, 4);
      assert.ok(model.checks.every((c) => c.verdict === "match"));
      assert.equal(report.miners.find((m) => m.uid === 2)!.mode, "endpoint");
    });
    await t.step("a flipped success is a mismatch", async () => {
      const tampered = structuredClone(data);
      const ep = tampered.episodes.find((e) => e.miner_uid === 1)!;
      ep.success = !ep.success;
      ep.code = ep.success ? "success" : "not_solved";
      const report = await verify(tampered, hub.url, dir);
      assert.equal(report.ok, false);
      const lines = formatVerifyReport(report);
      assert.match(lines.join("\n"), /uid 1: model miner, re-ran 4 of 4 episodes: 1 MISMATCH/);
      assert.match(lines.join("\n"), /success_mismatch/);
      assert.equal(lines.at(-1), "verdict: MISMATCH");
    });
    await t.step("an altered action digest is a mismatch", async () => {
      const tampered = structuredClone(data);
      tampered.episodes.find((e) => e.miner_uid === 1)!["action_digest"] = "0".repeat(64);
      const report = await verify(tampered, hub.url, dir);
      assert.equal(report.ok, false);
      assert.ok(report.miners[0].checks.some((c) => c.verdict === "digest_mismatch"));
    });
    await t.step("a seed that the secret does not derive is reported", async () => {
      const tampered = structuredClone(data);
      tampered.episodes[0].seed += 1;
      const report = await verify(tampered, hub.url, dir);
      assert.equal(report.ok, false);
      assert.deepEqual(report.badSeeds, [tampered.episodes[0].task_id]);
    });
    await t.step("a secret that does not match its hash is reported", async () => {
      const tampered = { ...structuredClone(data), secret: "ab".repeat(32) };
      const report = await verify(tampered, hub.url, dir);
      assert.equal(report.secretOk, false);
      assert.equal(report.ok, false);
    });
  } finally {
    await hub.close();
    await Deno.remove(dir, { recursive: true });
  }
});

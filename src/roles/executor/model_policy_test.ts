import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { formatModelCommitment } from "../../chain/mod.ts";
import { createLogger } from "../../log/mod.ts";
import {
  counterModel,
  linearModel,
  wrongInputModel,
  wrongShapeModel,
} from "../../policy/_test_models.ts";
import { serveTestHub } from "../../policy/_test_hub.ts";
import { createThreadRunner } from "./local.ts";

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const REV = "0123456789ab";

function commitment(bytes: Uint8Array, repo: string): string {
  return formatModelCommitment({ sha256: sha(bytes), repo, revision: REV });
}

Deno.test("Model mode: each broken model fails only its miner, with its code, logged once", async () => {
  const good = linearModel([0.5, 0.5, 0.5, 0.5]);
  const recurrent = counterModel(4);
  const impostor = linearModel([1, 1, 1, 1]);
  const badInputs = wrongInputModel();
  const badShape = wrongShapeModel();
  const file = (repo: string) => `/${repo}/resolve/${REV}/model.onnx`;
  const hub = serveTestHub({
    [file("m/good")]: { body: good },
    [file("m/recurrent")]: { body: recurrent },
    [file("m/impostor")]: { body: impostor },
    [file("m/inputs")]: { body: badInputs },
    [file("m/shape")]: { body: badShape },
    [file("m/cut")]: { body: good, cutAt: 100 },
    [file("m/stall")]: { body: good, stallAt: 10 },
  });
  const dir = await Deno.makeTempDir();
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({
    level: "warn",
    write: (l) => lines.push(JSON.parse(l)),
    format: "json",
  });
  const runner = await createThreadRunner({
    renderer: "cpu",
    modelHubUrl: hub.url,
    modelCacheDir: dir,
    // long enough that a loaded machine (CI runs tests in parallel) never stalls a good download;
    // the stalling file never sends its rest, so it still fails, 3 s later
    modelStallMs: 3000,
  }, log);
  const miners: [string, string][] = [
    ["good", commitment(good, "m/good")],
    ["recurrent", commitment(recurrent, "m/recurrent")],
    // commits the good model's hash but the hub serves another file
    ["impostor", formatModelCommitment({ sha256: sha(good), repo: "m/impostor", revision: REV })],
    ["inputs", commitment(badInputs, "m/inputs")],
    ["shape", commitment(badShape, "m/shape")],
    ["cut", commitment(good, "m/cut").replace("m/good", "m/cut")],
    ["stall", formatModelCommitment({ sha256: sha(good), repo: "m/stall", revision: REV })],
    ["missing", formatModelCommitment({ sha256: sha(good), repo: "m/none", revision: REV })],
  ];
  try {
    const codes: Record<string, string[]> = {};
    await Promise.all(miners.flatMap(([name, endpoint]) =>
      [0, 1].map(async (i) => {
        const r = await runner.run({
          envId: "metaworld/reach-v4",
          seed: i,
          episodeId: `${name}-${i}`,
          maxSteps: 5,
          minerEndpoint: endpoint,
        });
        (codes[name] ??= []).push(r.code);
      })
    ));
    for (const list of Object.values(codes)) list.sort();
    assert.deepEqual(codes, {
      good: ["not_solved", "not_solved"],
      recurrent: ["not_solved", "not_solved"],
      impostor: ["miner_model_hash_mismatch", "miner_model_hash_mismatch"],
      inputs: ["miner_model_invalid", "miner_model_invalid"],
      shape: ["miner_model_bad_output", "miner_model_bad_output"],
      cut: ["miner_model_unavailable", "miner_model_unavailable"],
      stall: ["miner_model_unavailable", "miner_model_unavailable"],
      missing: ["miner_model_unavailable", "miner_model_unavailable"],
    });
    const refused = lines.filter((l) => l.msg === "Model refused").map((l) => l.code);
    assert.equal(refused.length, 6, JSON.stringify(lines));
    // each model was downloaded once for both episodes
    assert.equal(hub.hits.get(file("m/good")), 1);
    assert.equal(hub.hits.get(file("m/impostor")), 1);
  } finally {
    await runner.close();
    await hub.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Model mode records renderer, runtime, model hash and a reproducible action digest", async () => {
  const { fullModel } = await import("../../policy/_test_models.ts");
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/m.onnx`;
    const bytes = fullModel();
    await Deno.writeFile(file, bytes);
    const digests: (string | null | undefined)[] = [];
    for (const lanes of [1, 3]) {
      const runner = await createThreadRunner(
        { renderer: "cpu", allowModelFiles: true, modelCacheDir: dir },
        createLogger({ level: "error" }),
      );
      try {
        // the same seed alone, then beside other episodes (other batch compositions)
        const results = await Promise.all(Array.from({ length: lanes }, (_, i) =>
          runner.run({
            envId: "metaworld/push-v4",
            seed: 11 + i,
            episodeId: `d-${i}`,
            maxSteps: 12,
            minerEndpoint: `model-file:${file}`,
          })));
        const r = results[0];
        assert.equal(r.renderer, "cpu");
        assert.match(r.runtime ?? "", /^onnxruntime-web@1\.31\.1\/wasm$/);
        assert.equal(r.modelSha256, sha(bytes));
        digests.push(r.actionDigest);
      } finally {
        await runner.close();
      }
    }
    assert.match(digests[0] ?? "", /^[0-9a-f]{64}$/);
    assert.equal(digests[1], digests[0]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

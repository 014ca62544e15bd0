/**
 * `miner-template/python/export_onnx.py` must produce a file that meets the model contract:
 * it is exported with PyTorch, then loaded, checked and run here exactly as an executor would.
 * Needs python3 with torch and onnx (`KINITRO_TEST_PYTHON` names another interpreter); skips
 * with a message without them.
 */
import assert from "node:assert/strict";
import { silentLogger } from "../../src/log/mod.ts";
import { loadPolicyModel, zeroBatch } from "../../src/policy/mod.ts";
import { createThreadRunner } from "../../src/roles/executor/mod.ts";

const PYTHON = Deno.env.get("KINITRO_TEST_PYTHON") || "python3";

async function hasTorch(): Promise<boolean> {
  try {
    const out = await new Deno.Command(PYTHON, {
      args: ["-c", "import torch, onnx"],
      stdout: "null",
      stderr: "null",
    }).output();
    return out.success;
  } catch {
    return false;
  }
}

const torch = await hasTorch();
const note = torch
  ? ""
  : ` (skipped: ${PYTHON} cannot import torch and onnx; pip install torch onnx)`;

Deno.test({
  name: `export_onnx.py exports the vision baseline to a file that meets the contract${note}`,
  ignore: !torch,
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      const out = `${dir}/policy.onnx`;
      const res = await new Deno.Command(PYTHON, {
        args: ["export_onnx.py", "--out", out],
        cwd: "miner-template/python",
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stdout = new TextDecoder().decode(res.stdout);
      assert.ok(res.success, new TextDecoder().decode(res.stderr));
      const bytes = await Deno.readFile(out);
      const sha = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)).toHex();
      assert.match(stdout, new RegExp(`sha256 ${sha}`));
      const model = await loadPolicyModel(bytes);
      assert.deepEqual([...model.inputs].sort(), [
        "corner",
        "gripper",
        "proprio",
        "state_in",
        "task",
      ]);
      assert.equal(model.stateSize, 10);
      const batch = zeroBatch(5, 10);
      const result = await model.run(batch, 5);
      assert.deepEqual(result.nanRows, []);
      // state: [0] counts steps; black images show no goal, so no ray is kept ([4]) and the
      // baseline stays at its first stage ([8])
      for (let row = 0; row < 5; row++) {
        const state = result.state.slice(10 * row, 10 * row + 10);
        assert.deepEqual([state[0], state[4], state[8]], [1, 0, 0]);
      }
      await model.close();
      // and it runs episodes through the executor's model mode
      const runner = await createThreadRunner(
        { renderer: "cpu", allowModelFiles: true, modelCacheDir: dir },
        silentLogger(),
      );
      try {
        const r = await runner.run({
          envId: "metaworld/reach-v4",
          seed: 3,
          episodeId: "export-test",
          maxSteps: 10,
          minerEndpoint: `model-file:${out}`,
        });
        assert.ok(r.code === "not_solved" || r.code === "success", `${r.code}: ${r.error}`);
        assert.equal(r.missedActs, 0);
      } finally {
        await runner.close();
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

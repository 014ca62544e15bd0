/**
 * The behaviour-cloning example end to end at toy size: `kinitro demos` (one task, three
 * short episodes) → `miner-template/python/examples/bc_train.py` (200 gradient steps) → the
 * ONNX file checked with onnxruntime → one episode of it through kinitro_gym. Skips with a
 * message without python3 + numpy, gymnasium, torch, onnx, onnxruntime (CI: pip install them).
 */
import assert from "node:assert/strict";
import { missingPythonModules, ROOT } from "./_python.ts";

const MODULES = ["numpy", "gymnasium", "torch", "onnx", "onnxruntime"];

const missing = await missingPythonModules(MODULES);

Deno.test({
  name: "bc example: demos -> PyTorch BC -> ONNX checked by onnxruntime -> kinitro_gym episode" +
    (missing ? ` (skipped: ${missing}; pip install ${MODULES.join(" ")})` : ""),
  ignore: missing !== null,
  async fn() {
    const tmp = await Deno.makeTempDir({ prefix: "kinitro_bc_" });
    try {
      const demos = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          "main.ts",
          "demos",
          "--out",
          `${tmp}/demos`,
          "--env-ids",
          "metaworld/reach-v4",
          "--episodes",
          "3",
          "--num-envs",
          "3",
          "--workers",
          "1",
          "--max-steps",
          "60",
          "--log-level",
          "warn",
        ],
        cwd: ROOT,
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.ok(demos.success, new TextDecoder().decode(demos.stderr));
      const summary = JSON.parse(new TextDecoder().decode(demos.stdout));
      assert.equal(summary.episodes, 3);

      const train = await new Deno.Command("python3", {
        args: [
          "miner-template/python/examples/bc_train.py",
          "--data",
          `${tmp}/demos`,
          "--steps",
          "200",
          "--batch-size",
          "16",
          "--out",
          `${tmp}/policy.onnx`,
          "--eval-episodes",
          "1",
          "--eval-envs",
          "1",
          "--eval-max-steps",
          "20",
        ],
        cwd: ROOT,
        env: { PYTHONPATH: `${ROOT}python`, KINITRO_CHECKOUT: ROOT },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const out = new TextDecoder().decode(train.stdout);
      assert.ok(train.success, out + new TextDecoder().decode(train.stderr).slice(-3000));
      const result = JSON.parse(out.trim().split("\n").at(-1)!);
      assert.equal(result.steps, 200);
      assert.ok(result.onnx_max_abs_diff < 1e-3);
      assert.deepEqual(Object.keys(result.success), ["metaworld/reach-v4"]);
      assert.ok((await Deno.stat(`${tmp}/policy.onnx`)).size > 10_000);
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  },
});

/**
 * Runs the Python client's tests (`python/tests`, unittest) against this checkout's env
 * server. Skips with a message when `python3`, `numpy` or `gymnasium` is missing (CI:
 * `pip install numpy gymnasium`; the package itself is put on `PYTHONPATH`, no install needed).
 */
import assert from "node:assert/strict";
import { missingPythonModules, ROOT } from "./_python.ts";

const missing = await missingPythonModules(["numpy", "gymnasium"]);

Deno.test({
  name: "python/kinitro_gym: unittest suite (checker, auto-reset, bad input, determinism)" +
    (missing ? ` (skipped: ${missing}; pip install numpy gymnasium)` : ""),
  ignore: missing !== null,
  async fn() {
    const out = await new Deno.Command("python3", {
      args: ["-m", "unittest", "discover", "-s", "python/tests", "-v"],
      cwd: ROOT,
      env: { PYTHONPATH: `${ROOT}python`, KINITRO_CHECKOUT: ROOT },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stderr) + new TextDecoder().decode(out.stdout);
    assert.ok(out.success, text.slice(-4000));
    assert.match(text, /Ran [1-9]\d* tests/);
  },
});

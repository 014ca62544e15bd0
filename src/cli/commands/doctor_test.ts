import assert from "node:assert/strict";
import { probeWebGpu } from "../../render/mod.ts";
import { runCaptured } from "./_test_cli.ts";

Deno.test("doctor --json says what --renderer auto uses, why, and checks a frame where it can", async () => {
  const { code, out } = await runCaptured(["doctor", "--json"]);
  assert.equal(code, 0);
  const report = JSON.parse(out);
  const probe = await probeWebGpu();
  assert.equal(report.kind, probe.kind);
  assert.equal(report.auto, probe.auto);
  assert.ok(report.reason.length > 0);
  assert.ok(["webgpu", "cpu"].includes(report.auto));
  if (probe.correct) {
    assert.equal(report.frameCheck.ok, true, `WebGPU vs CPU: ${report.frameCheck.meanAbsDiff}`);
  } else {
    assert.equal(report.frameCheck, null);
  }
});

Deno.test("doctor prints the adapter, the backends and the reason on separate lines", async () => {
  const { code, out } = await runCaptured(["doctor"]);
  assert.equal(code, 0);
  assert.match(out, /^webgpu adapter: .*\nwgpu backends: .*\nrenderer auto: +(cpu|webgpu)\nwhy: /m);
});

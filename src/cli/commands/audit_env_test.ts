import assert from "node:assert/strict";
import { runCaptured as cli } from "./_test_cli.ts";

Deno.test("audit-env --json prints each policy's success per task, blind and reference", async () => {
  const { code, out } = await cli([
    "audit-env",
    "metaworld/reach-v4",
    "--episodes",
    "2",
    "--only",
    "oracle,random,sweep-raster-z20",
    "--json",
  ]);
  assert.equal(code, 0);
  const result = JSON.parse(out);
  assert.deepEqual(Object.keys(result), ["episodes", "seed", "randomize", "envs"]);
  const [env] = result.envs;
  assert.equal(env.env_id, "metaworld/reach-v4");
  const rows = Object.fromEntries(
    env.policies.map((p: { policy: string }) => [p.policy, p]),
  );
  assert.deepEqual(Object.keys(rows), [
    "oracle",
    "random",
    "sweep-raster-z20-open",
    "sweep-raster-z20-closed",
  ]);
  assert.equal(rows.oracle.kind, "reference");
  assert.equal(rows.oracle.successes, 2);
  assert.equal(rows["sweep-raster-z20-open"].kind, "blind");
  assert.equal(rows["sweep-raster-z20-open"].episodes, 2);
  assert.equal(env.max_blind_success_rate, 0);
});

Deno.test("audit-env prints a line per policy and a summary per task", async () => {
  const { code, out } = await cli([
    "audit-env",
    "metaworld/button-press-v4",
    "--episodes",
    "1",
    "--only",
    "oracle",
  ]);
  assert.equal(code, 0);
  const lines = out.trim().split("\n");
  assert.equal(lines.length, 2);
  assert.match(lines[0], /^metaworld\/button-press-v4 oracle +reference success=1\/1 rate=1\.000/);
  assert.equal(lines[1], "metaworld/button-press-v4 max_blind_success_rate=0.000");
});

Deno.test("audit-env with a retired or unknown id exits 2 listing the valid ids", async () => {
  for (const id of ["metaworld/reach-v3", "metaworld/nope-v4"]) {
    const { code, out, err } = await cli(["audit-env", id, "--episodes", "1"]);
    assert.equal(code, 2);
    assert.equal(out, "");
    assert.ok(err.includes('"metaworld/reach-v4"'), err);
  }
});

import assert from "node:assert/strict";
import { kinitro } from "./_kinitro.ts";

Deno.test("kinitro test-env --json gives identical output in separate processes", async () => {
  const args = [
    "test-env",
    "metaworld/push-v4",
    "--episodes",
    "2",
    "--policy",
    "random",
    "--max-steps",
    "60",
    "--json",
  ];
  const a = await kinitro(args);
  const b = await kinitro(args);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(a.stdout, b.stdout);
  assert.equal(a.stdout.trim().split("\n").length, 1);
  assert.equal(JSON.parse(a.stdout).episodes.length, 2);
});

Deno.test("kinitro test-env with an unknown env exits 2 and names the valid ids", async () => {
  const r = await kinitro(["test-env", "nope"]);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /metaworld\/reach-v4/);
});

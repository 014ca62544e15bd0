import assert from "node:assert/strict";
import { kinitro } from "./_kinitro.ts";

const BASIC = new URL("../../src/cli/commands/testdata/scores_basic.json", import.meta.url)
  .pathname;

function testScoring(args: string[]) {
  return kinitro(["test-scoring", ...args]);
}

Deno.test("kinitro test-scoring --json writes one JSON object to stdout", async () => {
  const r = await testScoring(["--scores", BASIC, "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const o = JSON.parse(r.stdout);
  assert.deepEqual(o.points, { "0": 4, "1": 0, "2": 0 });
  assert.deepEqual(o.u16, { uids: [0], values: [65535] }); // 0 points, 0 weight for uid 1
});

Deno.test("kinitro test-scoring exits 2 on a missing file with nothing on stdout", async () => {
  const r = await testScoring(["--scores", "/nonexistent/scores.json"]);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /error: Cannot read score file/);
});

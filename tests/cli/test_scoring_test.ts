import assert from "node:assert/strict";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;
const BASIC = new URL("../../src/cli/commands/testdata/scores_basic.json", import.meta.url)
  .pathname;

async function kinitro(args: string[]) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "test-scoring", ...args],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code, stdout: dec.decode(stdout), stderr: dec.decode(stderr) };
}

Deno.test("kinitro test-scoring --json writes one JSON object to stdout", async () => {
  const r = await kinitro(["--scores", BASIC, "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const o = JSON.parse(r.stdout);
  assert.deepEqual(o.points, { "0": 4, "1": 0, "2": 0 });
  assert.deepEqual(o.u16, { uids: [0], values: [65535] }); // 0 points, 0 weight for uid 1
});

Deno.test("kinitro test-scoring exits 2 on a missing file with nothing on stdout", async () => {
  const r = await kinitro(["--scores", "/nonexistent/scores.json"]);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /error: Cannot read score file/);
});

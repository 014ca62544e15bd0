import assert from "node:assert/strict";
import { runCaptured } from "./_test_cli.ts";

const TESTDATA = new URL("./testdata/", import.meta.url).pathname;

async function kinitro(args: string[]) {
  const { code, out, err } = await runCaptured(["test-scoring", ...args]);
  return { code, stdout: out, stderr: err };
}

Deno.test("test-scoring --json prints exactly one object with points, weights and u16", async () => {
  const r = await kinitro(["--scores", `${TESTDATA}scores_basic.json`, "--json"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim().split("\n").length, 1);
  const o = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(o), ["points", "weights", "burn", "u16"]);
  assert.equal(o.burn, null);
  assert.deepEqual(o.points, { "0": 4, "1": 0, "2": 0 });
  // uid 1 has results but 0 points while uid 0 has points: no weight; uid 2 has no results
  assert.deepEqual(o.weights, { "0": 1, "1": 0, "2": 0 });
  assert.deepEqual(o.u16, { uids: [0], values: [65535] });
});

Deno.test("test-scoring burns the weight when no miner earns points (burn_uid, --burn-uid)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/weak.json`;
    await Deno.writeTextFile(
      file,
      JSON.stringify({
        episodes: 10,
        burn_uid: 7,
        miners: [0, 1, 2].map((uid) => ({
          uid,
          hotkey: `hk-${uid}`,
          first_block: uid,
          scores: { a: 0 },
        })),
      }),
    );
    const fromFile = JSON.parse((await kinitro(["--scores", file, "--json"])).stdout);
    assert.deepEqual(fromFile.weights, { "0": 0, "1": 0, "2": 0 });
    assert.deepEqual(fromFile.burn, { uid: 7, weight: 1 });
    assert.deepEqual(fromFile.u16, { uids: [7], values: [65535] });
    const flag = await kinitro(["--scores", file, "--burn-uid", "65535"]);
    assert.equal(flag.code, 0, flag.stderr);
    assert.match(flag.stdout, /all weight goes to burn uid 65535/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("test-scoring prints the miners x envs table and winners per subset size", async () => {
  const r = await kinitro(["--scores", `${TESTDATA}scores_per_env.json`]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split("\n");
  assert.match(lines[1], /^uid\s+hotkey\s+block\s+a\s+b\s+c\s+points\s+weight\s+u16$/);
  assert.match(lines[2], /^\s*4\s+hk-4\s+1000\s+0\.60\/50\s+0\.60\/10\s+-\s+4\s+0\.0180\s+1200$/);
  assert.match(
    lines[3],
    /^\s*9\s+hk-9\s+1000\s+0\.70\/50\s+0\.70\/10\s+0\.20\/20\s+8\s+0\.9820\s+65535$/,
  );
  assert.match(r.stdout, /size 3: 1\/1 \(3 points each\)/);
});

Deno.test("test-scoring --random is reproducible by seed", async () => {
  const a = await kinitro(["--random", "12x5", "--seed", "42", "--json"]);
  const b = await kinitro(["--random", "12x5", "--seed", "42", "--json"]);
  const c = await kinitro(["--random", "12x5", "--seed", "43", "--json"]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(a.stdout, b.stdout);
  assert.notEqual(a.stdout, c.stdout);
  const o = JSON.parse(a.stdout);
  assert.equal(Object.keys(o.points).length, 12);
  const sum = Object.values(o.weights as Record<string, number>).reduce((s, w) => s + w, 0);
  assert.ok(Math.abs(sum - 1) < 1e-12);
  assert.equal(Math.max(...o.u16.values), 65535);
});

Deno.test("test-scoring applies --scheme and --temperature", async () => {
  const file = `${TESTDATA}scores_basic.json`;
  const exp = JSON.parse(
    (await kinitro(["--scores", file, "--json", "--scheme", "exponential"]))
      .stdout,
  );
  assert.deepEqual(exp.points, { "0": 4, "1": 0, "2": 0 }); // 1 + 1 + 2
  const eq = JSON.parse((await kinitro(["--scores", file, "--json", "--scheme", "equal"])).stdout);
  assert.deepEqual(eq.points, { "0": 3, "1": 0, "2": 0 });
  // uid 4 has 4 points and uid 9 has 8: at T = 4 uid 9 gets exp(1) / (exp(1) + 1)
  const perEnv = `${TESTDATA}scores_per_env.json`;
  const hot = JSON.parse(
    (await kinitro(["--scores", perEnv, "--json", "--temperature", "4"])).stdout,
  );
  assert.deepEqual(hot.points, { "4": 4, "9": 8 });
  assert.ok(Math.abs(hot.weights["9"] - Math.E / (Math.E + 1)) < 1e-12);
});

Deno.test("test-scoring exits 2 on a missing file or bad flags, 3 on an invalid file", async () => {
  const missing = await kinitro(["--scores", `${TESTDATA}no_such_file.json`]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /Cannot read score file ".*no_such_file.json": no such file/);
  assert.equal(missing.stdout, "");
  assert.equal((await kinitro(["--random", "3by4"])).code, 2);
  assert.equal((await kinitro(["--random", "1024x20"])).code, 2);
  assert.equal((await kinitro(["--random", "2x2", "--scores", "x.json"])).code, 2);
  const tmp = await Deno.makeTempFile({ suffix: ".json" });
  try {
    await Deno.writeTextFile(tmp, '{"miners": [{"uid": 0}]}');
    const bad = await kinitro(["--scores", tmp]);
    assert.equal(bad.code, 3);
    assert.match(bad.stderr, /miners\.0\.hotkey/);
    assert.equal(bad.stdout, "");
  } finally {
    await Deno.remove(tmp);
  }
});

Deno.test("test-scoring burns a weak cycle on burn_uid, or on --burn-uid", async () => {
  // the two idle miners of docs example 4 without the skilled one: nobody earns points
  const examples = new URL("../../../docs/examples/", import.meta.url).pathname;
  const file = JSON.parse(await Deno.readTextFile(`${examples}scoring_no_skill.json`));
  file.miners = file.miners.slice(0, 2);
  const tmp = await Deno.makeTempFile({ suffix: ".json" });
  try {
    await Deno.writeTextFile(tmp, JSON.stringify(file));
    const byDefault = JSON.parse((await kinitro(["--scores", tmp, "--json"])).stdout);
    assert.deepEqual(byDefault.weights, { "0": 0, "1": 0 });
    assert.deepEqual(byDefault.burn, { uid: 0, weight: 1 });
    assert.deepEqual(byDefault.u16, { uids: [0], values: [65535] });
    await Deno.writeTextFile(tmp, JSON.stringify({ ...file, burn_uid: 65535 }));
    const fromFile = await kinitro(["--scores", tmp]);
    assert.match(fromFile.stdout, /all weight goes to burn uid 65535/);
    // the idle miners' own u16 column stays 0
    assert.match(fromFile.stdout.split("\n")[2], /idle-early.*\s0\.0000\s+0$/);
    const flag = JSON.parse((await kinitro(["--scores", tmp, "--json", "--burn-uid", "7"])).stdout);
    assert.deepEqual(flag.u16, { uids: [7], values: [65535] });
  } finally {
    await Deno.remove(tmp);
  }
});

Deno.test("test-scoring reports duplicate groups when the file carries fingerprints", async () => {
  const examples = new URL("../../../docs/examples/", import.meta.url).pathname;
  const file = `${examples}scoring_proxy.json`;
  const o = JSON.parse((await kinitro(["--scores", file, "--json"])).stdout);
  // the proxy (uid 5) committed before the leader it forwards to (uid 3): as one competitor
  // they earn 4 points that go to nobody; the honest miner earns nothing, so the cycle burns
  assert.deepEqual(o.groups, [{
    uids: [3, 5],
    origin_uid: null,
    points: 4,
    pairs: [{ a: 3, b: 5, paired: 6, equal: 6 }],
  }]);
  assert.deepEqual(o.weights, { "3": 0, "5": 0, "8": 0 });
  assert.deepEqual(o.u16, { uids: [0], values: [65535] });
  const text = (await kinitro(["--scores", file])).stdout;
  assert.match(
    text,
    /uids 3, 5: one competitor \(results of uid 5\), 4 points to nobody; 3~5 6\/6/,
  );
  // no fingerprints in the file: no "groups" key
  const plain = JSON.parse(
    (await kinitro(["--scores", `${TESTDATA}scores_basic.json`, "--json"])).stdout,
  );
  assert.equal("groups" in plain, false);
  // a malformed fingerprint is an invalid file (exit 3)
  const tmp = await Deno.makeTempFile({ suffix: ".json" });
  try {
    const bad = JSON.parse(await Deno.readTextFile(file));
    bad.miners[0].fingerprints["pick#0"] = "XYZ";
    await Deno.writeTextFile(tmp, JSON.stringify(bad));
    const r = await kinitro(["--scores", tmp]);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /miners\.0\.fingerprints\.pick#0: Must be 64 lower-case hex digits/);
  } finally {
    await Deno.remove(tmp);
  }
});

Deno.test("test-scoring reproduces the worked examples of docs/scoring.md", async () => {
  const examples = new URL("../../../docs/examples/", import.meta.url).pathname;
  // zero-point miners get no weight, so they drop out of the u16 lists
  const expected: Record<string, [Record<string, number>, { uids: number[]; values: number[] }]> = {
    "scoring_copy": [{ "3": 1, "7": 0, "9": 0, "12": 3 }, {
      uids: [3, 12],
      values: [8869, 65535], // round(exp(-2) * 65535)
    }],
    "scoring_specialist": [{ "1": 1, "2": 4 }, { uids: [1, 2], values: [3263, 65535] }],
    "scoring_cycle": [{ "0": 0, "1": 0, "2": 3 }, { uids: [2], values: [65535] }],
    // the 63 subsets of the six envs nobody solves have no winner (the earliest idle miner
    // took them, 192 points, before a winner had to show skill)
    "scoring_no_skill": [{ "0": 0, "1": 0, "2": 832 }, { uids: [2], values: [65535] }],
    // a proxy grouped with its target: 4 points to nobody, so the weight is burnt
    "scoring_proxy": [{ "3": 0, "5": 0, "8": 0 }, { uids: [0], values: [65535] }],
  };
  for (const [name, [points, u16]] of Object.entries(expected)) {
    const r = await kinitro(["--scores", `${examples}${name}.json`, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const o = JSON.parse(r.stdout);
    assert.deepEqual(o.points, points, name);
    assert.deepEqual(o.u16, u16, name);
  }
});

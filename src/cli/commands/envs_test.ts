import assert from "node:assert/strict";
import { runCaptured } from "./_test_cli.ts";

const cli = runCaptured;

Deno.test("list-envs --json prints every env id with a description", async () => {
  const { code, out } = await cli(["list-envs", "--json"]);
  assert.equal(code, 0);
  const envs = JSON.parse(out) as { id: string; description: string }[];
  assert.ok(envs.some((e) => e.id === "metaworld/pick-place-v4" && e.description.length > 0));
});

Deno.test("test-env --json prints one deterministic JSON object", async () => {
  const args = [
    "test-env",
    "metaworld/reach-v4",
    "--episodes",
    "2",
    "--seed",
    "5",
    "--policy",
    "random",
    "--max-steps",
    "40",
    "--json",
  ];
  const first = await cli(args);
  assert.equal(first.code, 0);
  const result = JSON.parse(first.out);
  assert.deepEqual(Object.keys(result), [
    "env_id",
    "policy",
    "randomize",
    "episodes",
    "success_rate",
  ]);
  assert.equal(result.env_id, "metaworld/reach-v4");
  assert.deepEqual(result.episodes.map((e: { seed: number }) => e.seed), [5, 6]);
  assert.equal(result.episodes[0].steps, 40);
  assert.deepEqual(Object.keys(result.episodes[0]), ["seed", "success", "steps", "reward"]);
  assert.equal((await cli(args)).out, first.out);
});

Deno.test("test-env prints a line per episode and a summary", async () => {
  const { code, out } = await cli(["test-env", "metaworld/button-press-v4", "--episodes", "2"]);
  assert.equal(code, 0);
  const lines = out.trim().split("\n");
  assert.equal(lines.length, 3);
  assert.match(lines[0], /^seed=0 success=true steps=\d+ reward=/);
  assert.match(lines[2], /success_rate=1\.000/);
});

Deno.test("test-env with an unknown env id is a usage error listing the valid ids", async () => {
  const { code, out, err } = await cli(["test-env", "metaworld/nope-v3"]);
  assert.equal(code, 2);
  assert.equal(out, "");
  assert.ok(err.includes("metaworld/reach-v4"), err);
});

Deno.test("test-env with a retired -v3 id exits 2 naming the -v4 replacement", async () => {
  const { code, out, err } = await cli(["test-env", "metaworld/door-open-v3"]);
  assert.equal(code, 2);
  assert.equal(out, "");
  assert.ok(err.includes("retired") && err.includes('"metaworld/door-open-v4"'), err);
  assert.ok(err.includes("metaworld/reach-v4"), err);
});

Deno.test("test-env --export-scene writes the compiled scene MJCF", async () => {
  const file = await Deno.makeTempFile({ suffix: ".xml" });
  try {
    const { code } = await cli([
      "test-env",
      "metaworld/push-v4",
      "--episodes",
      "1",
      "--max-steps",
      "2",
      "--export-scene",
      file,
    ]);
    assert.equal(code, 0);
    const xml = await Deno.readTextFile(file);
    assert.ok(xml.includes('name="hand_target"') && xml.includes('name="puck"'));
  } finally {
    await Deno.remove(file);
  }
});

Deno.test("test-env randomizes by default and --no-randomize turns it off", async () => {
  const args = ["test-env", "metaworld/drawer-open-v4", "--episodes", "1", "--max-steps", "5"];
  const on = JSON.parse((await cli([...args, "--json"])).out);
  const off = JSON.parse((await cli([...args, "--no-randomize", "--json"])).out);
  assert.equal(on.randomize, true);
  assert.equal(off.randomize, false);
  const text = await cli([...args, "--no-randomize"]);
  assert.match(text.out, /randomize=false/);
});

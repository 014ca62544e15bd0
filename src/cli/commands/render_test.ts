import assert from "node:assert/strict";
import { decodePng } from "../../render/mod.ts";
import { runCaptured } from "./_test_cli.ts";

const cli = runCaptured;

Deno.test("render writes a PNG per camera, and frames and GIFs with --steps", async () => {
  const dir = await Deno.makeTempDir({ prefix: "kinitro_render_" });
  try {
    const args = ["render", "metaworld/reach-v4", "--seed", "3", "--out", dir, "--renderer", "cpu"];
    const { code, out } = await cli([...args, "--size", "64", "--steps", "4", "--json"]);
    assert.equal(code, 0);
    const result = JSON.parse(out);
    assert.equal(result.renderer, "cpu");
    assert.equal(result.steps, 4);
    assert.deepEqual(result.files, [
      `${dir}/corner.png`,
      `${dir}/gripper.png`,
      `${dir}/corner.gif`,
      `${dir}/gripper.gif`,
    ]);
    const png = decodePng(await Deno.readFile(`${dir}/corner.png`));
    assert.deepEqual([png.width, png.height], [64, 64]);
    const frames = [...Deno.readDirSync(`${dir}/gripper`)].map((e) => e.name).sort();
    assert.deepEqual(frames, [0, 1, 2, 3, 4].map((i) => `frame_00${i}.png`));
    // The reset frame is the same image whether or not steps follow.
    const still = await Deno.makeTempDir({ prefix: "kinitro_render_" });
    try {
      assert.equal((await cli([...args.slice(0, 4), "--out", still, "--size", "64"])).code, 0);
      assert.deepEqual(
        await Deno.readFile(`${still}/corner.png`),
        await Deno.readFile(`${dir}/corner/frame_000.png`),
      );
    } finally {
      await Deno.remove(still, { recursive: true });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("render with an unknown env id is a usage error", async () => {
  const { code, out } = await cli(["render", "metaworld/nope-v3", "--out", "/nonexistent"]);
  assert.equal(code, 2);
  assert.equal(out, "");
});

Deno.test("test-env --record writes every frame of every episode", async () => {
  const dir = await Deno.makeTempDir({ prefix: "kinitro_record_" });
  try {
    const args = ["test-env", "metaworld/reach-v4", "--episodes", "2", "--seed", "7"];
    const plain = await cli([...args, "--max-steps", "5", "--policy", "random"]);
    const recorded = await cli([
      ...args,
      "--max-steps",
      "5",
      "--policy",
      "random",
      "--record",
      dir,
    ]);
    assert.equal(recorded.code, 0);
    // Recording does not change the episodes.
    assert.equal(recorded.out, plain.out);
    for (const seed of [7, 8]) {
      const ep = `${dir}/metaworld_reach-v4_seed_${seed}`;
      // The reset frame plus one per step.
      assert.equal([...Deno.readDirSync(`${ep}/corner`)].length, 6);
      assert.equal([...Deno.readDirSync(`${ep}/gripper`)].length, 6);
      assert.ok((await Deno.stat(`${ep}/corner.gif`)).size > 100);
      const trajectory = JSON.parse(await Deno.readTextFile(`${ep}/trajectory.json`));
      assert.equal(trajectory.env_id, "metaworld/reach-v4");
      assert.equal(trajectory.seed, seed);
      assert.equal(trajectory.trajectory.length, 5);
      for (const [i, step] of trajectory.trajectory.entries()) {
        assert.equal(step.step, i + 1);
        assert.equal(step.proprio.length, 4);
        assert.equal(step.action.length, 4);
        assert.ok(step.action.every((a: number) => a >= -1 && a <= 1));
        assert.equal(typeof step.reward, "number");
        assert.equal(typeof step.success, "boolean");
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

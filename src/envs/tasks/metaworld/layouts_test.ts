import assert from "node:assert/strict";
import { makeEnv } from "../../registry.ts";
import { runEpisode } from "../../rollout.ts";
import { apartInView, clearOfHandInView, CORNER_CAMERA_POS } from "./common.ts";
import { swingReachable } from "./door_open_v4.ts";
import { DRAWER_HANDLE_REACH } from "./fixtures.ts";
import type { Vec3 } from "../../types.ts";

const SEEDS = Array.from({ length: 100 }, (_, i) => 95000 + i);

Deno.test("CORNER_CAMERA_POS is the corner camera of the scenes", async () => {
  using env = await makeEnv("metaworld/push-v4", { randomize: false });
  env.reset({ seed: 0 });
  const { pos } = env.snapshot().cameras.corner;
  pos.forEach((v, i) => assert.ok(Math.abs(v - CORNER_CAMERA_POS[i]) < 1e-9, `${pos}`));
});

for (const id of ["metaworld/reach-v4", "metaworld/push-v4", "metaworld/pick-place-v4"]) {
  Deno.test(`${id}: object and goal never hide each other, nor sit behind the hand, in the corner view`, async () => {
    using env = await makeEnv(id);
    for (const seed of SEEDS) {
      const { state } = env.reset({ seed });
      const puck = state.objects.puck as Vec3;
      const goal = state.goal as Vec3;
      assert.ok(apartInView(puck, goal), `seed ${seed}`);
      assert.ok(clearOfHandInView(puck) && clearOfHandInView(goal), `seed ${seed}`);
    }
  });
}

Deno.test("apartInView() tells a goal straight behind the hand from one beside it", () => {
  // on the line from the camera through the hand, 10 cm further on
  const hand: Vec3 = [0, 0.6, 0.2];
  const d = hand.map((h, i) => h - CORNER_CAMERA_POS[i]);
  const n = Math.hypot(...d);
  const behind = hand.map((h, i) => h + (0.1 * d[i]) / n) as Vec3;
  assert.equal(clearOfHandInView(behind), false);
  assert.equal(clearOfHandInView([0.3, 0.6, 0.2]), true);
});

Deno.test("reach-v4: holding still never succeeds (the goal is never at the resting tool point)", async () => {
  using env = await makeEnv("metaworld/reach-v4");
  const wins = SEEDS.slice(0, 40).filter((seed) => runEpisode(env, "zero", seed).success);
  assert.deepEqual(wins, []);
});

Deno.test("door-open-v4: the grip point stays within reach as the door swings, on every seed", async () => {
  using env = await makeEnv("metaworld/door-open-v4");
  for (const seed of SEEDS) {
    const { objects } = env.reset({ seed }).state;
    assert.ok(swingReachable(objects.hinge as Vec3, objects.grip as Vec3), `seed ${seed}`);
  }
  // a cabinet far left whose door would swing its handle out of reach (a seed of the old
  // ranges that the oracle failed)
  assert.equal(swingReachable([-0.327, 0.876, 0.15], [-0.19, 0.631, 0.15]), false);
});

Deno.test("drawer-open-v4: the handle is within reach shut and fully open, on every seed", async () => {
  using env = await makeEnv("metaworld/drawer-open-v4");
  const { low, high } = DRAWER_HANDLE_REACH;
  for (const seed of SEEDS) {
    const { objects, goal } = env.reset({ seed }).state;
    for (const p of [objects.handle, goal!]) {
      assert.ok(p[0] >= low[0] && p[0] <= high[0] && p[1] >= low[1] && p[1] <= high[1], `${seed}`);
    }
  }
});

import assert from "node:assert/strict";
import { Sim } from "../../src/sim/mod.ts";
import { makeEnv } from "../../src/envs/mod.ts";
import type { CameraPose } from "../../src/core/mod.ts";

/** Normalized image coordinates in [-1, 1] of a world point (square image), or null if behind. */
function project(cam: CameraPose, p: readonly number[]): [number, number] | null {
  const d = [p[0] - cam.pos[0], p[1] - cam.pos[1], p[2] - cam.pos[2]];
  const m = cam.mat; // row-major; columns are the camera x, y, z axes
  const x = d[0] * m[0] + d[1] * m[3] + d[2] * m[6];
  const y = d[0] * m[1] + d[1] * m[4] + d[2] * m[7];
  const z = d[0] * m[2] + d[1] * m[5] + d[2] * m[8];
  if (z >= 0) return null; // the camera looks along -z
  const f = 1 / Math.tan((cam.fovy * Math.PI) / 360);
  return [(f * x) / -z, (f * y) / -z];
}

for (
  const task of [
    "reach",
    "push",
    "pick_place",
    "button_press",
    "drawer_open",
    "drawer_close",
    "door_open",
    "peg_insert",
  ]
) {
  Deno.test(`${task}: the corner camera is upright and sees the whole workspace`, async () => {
    using sim = await Sim.fromScene(`scenes/metaworld/${task}/scene.xml`);
    const cam = sim.snapshot().cameras.corner;
    assert.ok(cam.mat[7] > 0.5, "camera up vector must point up");
    assert.ok(Math.abs(cam.mat[6]) < 1e-6, "camera must not roll");
    // the table where layouts put things (src/envs/tasks/metaworld/layouts.ts) and the air
    // above it up to the highest goal with its marker, with room for the camera's jitter
    const corners = [
      ...[-0.42, 0.42].flatMap((x) => [0.42, 0.98].map((y) => [x, y, 0])),
      ...[-0.35, 0.35].flatMap((x) => [0.45, 0.95].map((y) => [x, y, 0.35])),
    ];
    for (const p of corners) {
      const uv = project(cam, p);
      assert.ok(
        uv !== null && Math.abs(uv[0]) <= 0.97 && Math.abs(uv[1]) <= 0.97,
        `(${p}) -> ${uv}`,
      );
    }
  });
}

Deno.test("the gripper camera looks down between the fingers", async () => {
  using env = await makeEnv("metaworld/push-v4");
  const { state } = env.reset({ seed: 0 });
  const cam = env.snapshot().cameras.gripper;
  const tcp = state.tcp;
  const uv = project(cam, [tcp[0], tcp[1], tcp[2] - 0.05]);
  assert.ok(uv !== null && Math.hypot(uv[0], uv[1]) < 0.1, `${uv}`);
});

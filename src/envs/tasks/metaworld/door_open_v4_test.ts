import assert from "node:assert/strict";
import { makeEnv } from "../../registry.ts";
import { rasterPath, runBlind, waypointPolicy } from "../../audit/mod.ts";
import { hooksHandle, inHandleFrame } from "./door_open_v4.ts";
import type { Vec3 } from "../../types.ts";

Deno.test("inHandleFrame: out toward the bar, across along it, up along the hinge, at any yaw", () => {
  for (const yaw of [0, 0.7, -1.2, Math.PI]) {
    // the door frame's x (along the leaf) and -y (out from the leaf) turned by `yaw`
    const along: Vec3 = [Math.cos(yaw), Math.sin(yaw), 0];
    const out: Vec3 = [Math.sin(yaw), -Math.cos(yaw), 0];
    const grip: Vec3 = [0.1, 0.8, 0.15];
    const at = (a: number, o: number, u: number): Vec3 => [
      grip[0] + a * along[0] + o * out[0],
      grip[1] + a * along[1] + o * out[1],
      grip[2] + u,
    ];
    const local = inHandleFrame(at(0.02, -0.01, -0.04), grip, at(0, 0.035, 0));
    assert.ok(Math.abs(local.across - 0.02) < 1e-12, `yaw ${yaw}: ${JSON.stringify(local)}`);
    assert.ok(Math.abs(local.out + 0.01) < 1e-12, `yaw ${yaw}: ${JSON.stringify(local)}`);
    assert.ok(Math.abs(local.up + 0.04) < 1e-12, `yaw ${yaw}: ${JSON.stringify(local)}`);
  }
});

Deno.test("hooksHandle: inside the U pulling the bar counts; outside the bar, above it or on the leaf does not", () => {
  assert.ok(hooksHandle({ across: -0.008, out: 0.005, up: -0.046 })); // where the oracle pulls
  assert.ok(!hooksHandle({ across: 0, out: 0.06, up: -0.046 })); // outside the bar
  assert.ok(!hooksHandle({ across: -0.02, out: -0.032, up: 0.002 })); // between grip and leaf
  assert.ok(!hooksHandle({ across: 0, out: 0, up: 0.05 })); // above the handle
  assert.ok(!hooksHandle({ across: 0.07, out: 0, up: -0.046 })); // beside a post
});

// The cheapest way to be paid for door-open without seeing: a raster at handle height with the
// fingers open dragged the door past the success angle with the tool point within 6 cm of the
// grip point on 6% of seeds. These seeds are ones where that paid under the distance rule.
Deno.test("door-open: the handle-height raster that dragged the door open is not paid", async () => {
  using env = await makeEnv("metaworld/door-open-v4");
  const sweep = waypointPolicy("sweep-raster-z20-open", rasterPath(0.2), -1);
  for (const seed of [110012, 110088, 110164]) {
    assert.equal(runBlind(env, sweep, seed).success, false, `seed ${seed}`);
  }
});

import assert from "node:assert/strict";
import { EVAL_ENV_FILES, Sim } from "../../src/sim/mod.ts";

const SCENES = Object.keys(EVAL_ENV_FILES).filter((p) => p.endsWith("/scene.xml")).sort();

/** Element `index` (from 1) of the Halton sequence in `base`, in [0, 1). */
function halton(index: number, base: number): number {
  let f = 1;
  let r = 0;
  for (let i = index; i > 0; i = Math.floor(i / base)) {
    f /= base;
    r += f * (i % base);
  }
  return r;
}

const PRIMES = [2, 3, 5, 7, 11, 13, 17, 19];

Deno.test("eval-env has a scene per metaworld task and per robot", () => {
  for (
    const t of [
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
    assert.ok(SCENES.includes(`scenes/metaworld/${t}/scene.xml`), t);
  }
  assert.ok(SCENES.includes("robots/kinitro_arm7/scene.xml"));
});

for (const scene of SCENES) {
  Deno.test(`${scene} steps 1 s under Halton control noise with zero MuJoCo warnings`, async () => {
    using sim = await Sim.fromScene(scene);
    const { nu, nmocap } = sim.sizes;
    const substeps = 5;
    const steps = Math.round(1 / (sim.timestep * substeps));
    for (let k = 1; k <= steps; k++) {
      // Move the first mocap body (the hand target) by up to 1 cm per control step.
      if (nmocap > 0) {
        for (let d = 0; d < 3; d++) sim.mocapPos[d] += 0.01 * (2 * halton(k, PRIMES[d]) - 1);
      }
      for (let u = 0; u < nu; u++) sim.ctrl[u] = 2 * halton(k, PRIMES[3 + (u % 5)]) - 1;
      sim.step(substeps); // throws PhysicsError on any warning
    }
    assert.ok(sim.qpos.every(Number.isFinite));
    assert.ok(Math.abs(sim.time - 1) < 1e-9);
  });
}

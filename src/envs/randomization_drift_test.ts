import assert from "node:assert/strict";
import { createRng } from "../core/mod.ts";
import { listEnvs, makeEnv } from "./mod.ts";
import type { Env } from "./mod.ts";

const SEED = 17;
const EARLIER_EPISODES = 99;

/** Everything of seed `SEED` that randomization touches: model fields, scene, drawn values. */
function fingerprint(env: Env) {
  const { info, state } = env.reset({ seed: SEED });
  const snap = env.snapshot();
  return {
    model: env.modelParams(),
    randomization: info.randomization,
    state,
    rgba: snap.geomRgba,
    lights: snap.lights,
    cameras: snap.cameras,
  };
}

for (const { id } of listEnvs()) {
  Deno.test(`${id}: seed ${SEED} has the same physics and visuals as the 1st or the 100th episode`, async () => {
    using first = await makeEnv(id);
    const expected = fingerprint(first);
    assert.ok(expected.randomization !== undefined, "randomization is on by default");

    using later = await makeEnv(id, { maxSteps: 5 });
    const rng = createRng(5);
    for (let seed = 1000; seed < 1000 + EARLIER_EPISODES; seed++) {
      later.reset({ seed });
      for (let i = 0; i < 5; i++) later.step([0, 1, 2, 3].map(() => rng.range(-1, 1)));
    }
    assert.deepEqual(fingerprint(later), expected);
  });
}

Deno.test("randomization values differ between seeds and stay inside their ranges", async () => {
  using env = await makeEnv("metaworld/peg-insert-v4");
  const a = env.reset({ seed: 1 }).info.randomization!;
  const b = env.reset({ seed: 2 }).info.randomization!;
  assert.notDeepEqual(a, b);
  for (const r of [a, b]) {
    for (const k of Object.values(r.friction)) assert.ok(k >= 0.8 && k <= 1.2);
    for (const k of Object.values(r.mass)) assert.ok(k >= 0.8 && k <= 1.2);
    assert.ok(r.actuatorGain >= 0.9 && r.actuatorGain <= 1.1);
    assert.ok(Math.abs(r.camera.corner.tilt) <= 1 && r.camera.corner.shift.length === 3);
    assert.deepEqual(Object.keys(r.mass), ["peg"]);
    assert.deepEqual(Object.keys(r.light).sort(), ["fill", "key"]);
  }
});

Deno.test("randomization: false keeps the nominal model and reports no values", async () => {
  using plain = await makeEnv("metaworld/door-open-v4", { randomize: false });
  const before = plain.modelParams();
  const { info } = plain.reset({ seed: 3 });
  assert.equal(info.randomization, undefined);
  const after = plain.modelParams();
  assert.deepEqual(after.geom_friction, before.geom_friction);
  assert.deepEqual(after.dof_damping, before.dof_damping);
  assert.deepEqual(after.geom_rgba, before.geom_rgba);
});

Deno.test("placement does not depend on randomization (independent streams)", async () => {
  using plain = await makeEnv("metaworld/peg-insert-v4", { randomize: false });
  using rand = await makeEnv("metaworld/peg-insert-v4");
  for (const seed of [0, 1, 2]) {
    assert.deepEqual(rand.reset({ seed }).state.goal, plain.reset({ seed }).state.goal);
  }
});

/** Object segments whose colours must stand out from the table top. */
const SKIP = new Set(["background", "table", "arm7_base"]);

for (const { id } of listEnvs()) {
  Deno.test(`${id}: randomized object colours stay distinguishable from the table`, async () => {
    using env = await makeEnv(id);
    let worst = Infinity;
    for (let seed = 0; seed < 30; seed++) {
      env.reset({ seed });
      const snap = env.snapshot();
      const table = snap.segmentNames.indexOf("table");
      const top = snap.geomSegment.indexOf(table); // the first table geom is the top slab
      const t = snap.geomRgba.subarray(4 * top, 4 * top + 3);
      for (let g = 0; g < snap.geomCount; g++) {
        if (SKIP.has(snap.segmentNames[snap.geomSegment[g]])) continue;
        const c = snap.geomRgba.subarray(4 * g, 4 * g + 3);
        worst = Math.min(worst, Math.hypot(c[0] - t[0], c[1] - t[1], c[2] - t[2]));
      }
    }
    assert.ok(worst >= 0.15, `an object colour comes within ${worst.toFixed(3)} of the table`);
  });
}

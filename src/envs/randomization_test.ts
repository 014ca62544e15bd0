import assert from "node:assert/strict";
import { domainRandomization, listEnvs, makeEnv, runEpisode } from "./mod.ts";

Deno.test("domainRandomization() draws from the seed and the nominal model only", async () => {
  const masses: number[] = [];
  const dr = domainRandomization();
  using env = await makeEnv("metaworld/push-v4", {
    randomize: (ctx) => {
      dr(ctx);
      const puck = ctx.sim.id("body", "puck");
      masses.push(ctx.sim.modelField("body_mass")[puck]);
    },
  });
  const a = env.reset({ seed: 1 }).state;
  runEpisode(env, "random", 9);
  env.reset({ seed: 2 });
  const again = env.reset({ seed: 1 }).state;
  assert.deepEqual(again, a);
  const [m1, , m2, m1again] = masses; // seeds 1, 9 (episode), 2, 1
  assert.equal(m1again, m1);
  assert.notEqual(m1, m2);
  for (const m of masses) assert.ok(m >= 0.75 * 0.8 && m <= 0.75 * 1.2, `mass ${m}`);
});

Deno.test("domainRandomization() changes camera, colours and lights but keeps placement", async () => {
  using plain = await makeEnv("metaworld/reach-v4", { randomize: false });
  using rand = await makeEnv("metaworld/reach-v4", { randomize: domainRandomization() });
  const p = plain.reset({ seed: 4 });
  const r = rand.reset({ seed: 4 });
  assert.deepEqual(r.state.goal, p.state.goal);
  const sp = plain.snapshot();
  const sr = rand.snapshot();
  assert.notDeepEqual(sr.cameras.corner.pos, sp.cameras.corner.pos);
  assert.notDeepEqual(sr.geomRgba, sp.geomRgba);
  assert.notDeepEqual(sr.lights[0].diffuse, sp.lights[0].diffuse);
  const shift = sr.cameras.corner.pos.map((v, i) => Math.abs(v - sp.cameras.corner.pos[i]));
  assert.ok(Math.max(...shift) <= 0.01 + 1e-9);
});

for (const { id } of listEnvs()) {
  Deno.test(`${id}: the oracle also succeeds on the nominal model (randomization off)`, async () => {
    using env = await makeEnv(id, { randomize: false });
    const seeds = 20;
    let ok = 0;
    for (let seed = 0; seed < seeds; seed++) ok += runEpisode(env, "oracle", seed).success ? 1 : 0;
    assert.ok(ok >= 0.9 * seeds, `${ok}/${seeds}`);
  });
}

import assert from "node:assert/strict";
import { NotFoundError, PhysicsError } from "../errors/mod.ts";
import { EVAL_ENV_FILES, Sim } from "./mod.ts";

const PUSH = "scenes/metaworld/push/scene.xml";

Deno.test("EVAL_ENV_FILES matches eval-env/ (run `deno task gen:eval-env`)", async () => {
  const { renderEvalEnvModule } = await import("../../tools/gen_eval_env.ts");
  const current = await Deno.readTextFile(new URL("./eval_env_files.ts", import.meta.url));
  assert.ok(current === await renderEvalEnvModule(), "src/sim/eval_env_files.ts is stale");
});

Deno.test("Sim.fromScene() loads an embedded scene and resolves names once", async () => {
  using sim = await Sim.fromScene(PUSH);
  assert.equal(sim.timestep, 0.0025);
  assert.ok(sim.has("body", "hand"));
  assert.equal(sim.id("body", "world"), 0);
  assert.ok(sim.names("camera").includes("corner"));
  assert.throws(() => sim.id("body", "nope"), NotFoundError);
  assert.equal(sim.mocapId("hand_target"), 0);
  assert.throws(() => sim.mocapId("hand"), TypeError);
});

Deno.test("Sim.fromScene() rejects unknown scenes and bad MJCF", async () => {
  await assert.rejects(() => Sim.fromScene("scenes/nope.xml"), NotFoundError);
  await assert.rejects(
    () => Sim.fromXml("<mujoco><worldbody><bogus/></worldbody></mujoco>"),
    (err: Error) => err instanceof TypeError && err.message.startsWith("Cannot load MJCF"),
  );
});

Deno.test("Sim.step() advances time and raises PhysicsError naming the warning", async () => {
  using sim = await Sim.fromXml(
    `<mujoco><worldbody><body><freejoint/><geom size="0.1"/></body></worldbody></mujoco>`,
  );
  sim.step(4);
  assert.ok(Math.abs(sim.time - 4 * sim.timestep) < 1e-12);
  sim.qvel[0] = Number.NaN;
  assert.throws(() => sim.step(1), (err: unknown) => {
    assert.ok(err instanceof PhysicsError);
    assert.deepEqual(err.warnings, ["mjWARN_BADQVEL"]);
    return true;
  });
});

Deno.test("Sim.getState()/setState() replay a run bit-exactly", async () => {
  using sim = await Sim.fromScene(PUSH);
  sim.step(20);
  const state = sim.getState();
  const run = () => {
    sim.setState(state);
    for (let i = 0; i < 40; i++) {
      sim.mocapPos[0] += 0.002;
      sim.ctrl[0] = sim.ctrl[1] = i % 2 ? 1 : -1;
      sim.step(5);
    }
    return sim.qpos.slice();
  };
  assert.deepEqual(run(), run());
});

Deno.test("Sim.captureModel()/restoreModel() undo model edits", async () => {
  using sim = await Sim.fromScene(PUSH);
  const nominal = sim.captureModel(["geom_friction", "body_mass"]);
  sim.modelField("body_mass")[sim.id("body", "puck")] = 3;
  sim.restoreModel(nominal);
  assert.deepEqual(sim.modelField("body_mass"), nominal.body_mass);
});

Deno.test("Sim.snapshot() has visible geoms only, segments, lights and named cameras", async () => {
  using sim = await Sim.fromScene(PUSH);
  const snap = sim.snapshot();
  assert.ok(snap.geomCount > 10);
  assert.equal(snap.geomPos.length, 3 * snap.geomCount);
  assert.equal(snap.geomMat.length, 9 * snap.geomCount);
  // collision-only geoms (group 3) are excluded: the puck has 1 collision and 2 visual geoms
  const puckSeg = snap.segmentNames.indexOf("puck");
  assert.ok(puckSeg > 0);
  assert.equal(snap.geomSegment.filter((s) => s === puckSeg).length, 2);
  for (const name of ["background", "arm7_base", "table", "goal"]) {
    assert.ok(snap.segmentNames.includes(name), name);
  }
  assert.deepEqual(Object.keys(snap.cameras).sort(), ["corner", "gripper"]);
  assert.ok(snap.lights.length >= 1);
  // the gripper camera rides on the hand
  const hand = sim.bodyPos("hand");
  const cam = snap.cameras.gripper.pos;
  assert.ok(Math.hypot(cam[0] - hand[0], cam[1] - hand[1], cam[2] - hand[2]) < 0.1);
});

Deno.test("Sim.saveXml() exports a model that loads again", async () => {
  using sim = await Sim.fromScene(PUSH);
  const xml = sim.saveXml();
  assert.ok(xml.includes("<mujoco"));
  using again = await Sim.fromXml(xml);
  assert.deepEqual(again.sizes, sim.sizes);
});

Deno.test("Sim[Symbol.dispose]() frees once and later use throws", async () => {
  const sim = await Sim.fromScene(PUSH);
  sim[Symbol.dispose]();
  sim[Symbol.dispose]();
  assert.throws(() => sim.step(), TypeError);
});

Deno.test("EVAL_ENV_FILES holds every metaworld scene", () => {
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
    assert.ok(`scenes/metaworld/${t}/scene.xml` in EVAL_ENV_FILES, t);
  }
});

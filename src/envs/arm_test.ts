import assert from "node:assert/strict";
import { EVAL_ENV_FILES, Sim } from "../sim/mod.ts";
import { ArmRig, SUBSTEPS } from "./mod.ts";

const PINCH_SCENE = `<mujoco model="pinch test">
  <include file="../metaworld/arena.xml"/>
  <include file="../../robots/kinitro_arm7/arm7.xml"/>
  <include file="../../props/table.xml"/>
  <worldbody>
    <body name="cube" pos="0 0.6 0.015">
      <freejoint name="cube"/>
      <geom name="cube" type="box" size="0.015 0.015 0.015" mass="0.1" group="3" condim="4"
        friction="1 0.05 0.002"/>
    </body>
  </worldbody>
</mujoco>`;

Deno.test("ArmRig pinches and lifts a 3 cm cube with the fingers inside their range", async () => {
  using sim = await Sim.fromScene("scenes/test/pinch.xml", {
    files: { ...EVAL_ENV_FILES, "scenes/test/pinch.xml": PINCH_SCENE },
  });
  const arm = new ArmRig(sim);
  arm.settle([0, 0.6, 0.2]);
  const run = (steps: number, action: number[]) => {
    for (let i = 0; i < steps; i++) {
      arm.applyAction(action);
      sim.step(SUBSTEPS);
    }
    sim.kinematics();
  };
  run(20, [0, 0, -1, -1]); // down to the mocap floor, fingers around the cube
  run(15, [0, 0, 0, 1]); // close
  const right = sim.qpos[sim.jointQpos("right_finger").adr];
  const left = sim.qpos[sim.jointQpos("left_finger").adr];
  // 3 cm cube + 2 x 5 mm pad half-thickness: claws 4 cm apart, each finger ~3 cm closed
  // at most ~0.75 mm contact penetration per pad
  assert.ok(Math.abs(arm.opening() - 0.4) < 0.015, `opening ${arm.opening()}`);
  for (const q of [right, left]) assert.ok(q > 0.025 && q < 0.035, `finger at ${q} (limit 0.04)`);
  run(20, [0, 0, 1, 1]); // lift
  const cube = sim.bodyPos("cube");
  const hand = arm.hand();
  assert.ok(cube[2] > 0.15, `cube at z ${cube[2]}`);
  assert.ok(
    Math.abs(hand[2] - 0.03 - cube[2]) < 0.01,
    `cube slipped: hand ${hand[2]} cube ${cube[2]}`,
  );
});

Deno.test("ArmRig.settle() brings the hand to the requested pose, gripper open", async () => {
  using sim = await Sim.fromScene("scenes/metaworld/reach/scene.xml");
  const arm = new ArmRig(sim);
  arm.settle([0.1, 0.7, 0.25]);
  const h = arm.hand();
  assert.ok(Math.hypot(h[0] - 0.1, h[1] - 0.7, h[2] - 0.25) < 0.005, `hand at ${h}`);
  assert.ok(arm.opening() > 0.99);
  const tcp = arm.tcp();
  assert.ok(Math.abs(h[2] - tcp[2] - 0.045) < 0.002);
});

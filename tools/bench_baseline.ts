// deno-lint-ignore-file no-console
/**
 * `deno task bench:baseline ENV_ID FIRST_SEED N [--verbose]`: success of the demo's vision
 * baseline (`src/roles/demo/baseline_policy.ts`) on N seeds of a task, from what a miner
 * receives (proprio, `corner` and `gripper` at 84x84 on the CPU renderer) and the public
 * calibration of the nominal scene, with domain randomization on. `--verbose` prints each
 * episode (and where the tool point ended on failures).
 */
import { makeEnv } from "../src/envs/mod.ts";
import { cameraSpecs, createRenderer } from "../src/render/mod.ts";
import { BaselineEpisode, type HandCamera } from "../src/roles/demo/mod.ts";
const envId = Deno.args[0] ?? "metaworld/reach-v4";
const from = Number(Deno.args[1] ?? 0);
const n = Number(Deno.args[2] ?? 100);
using renderer = await createRenderer({ backend: "cpu" });
let calibration;
{
  using env = await makeEnv(envId, { randomize: false });
  const hand = env.reset({ seed: 0 }).observation.proprio;
  const { corner, gripper } = env.snapshot().cameras;
  const offset = [0, 1, 2].map((i) => gripper.pos[i] - hand[i]) as HandCamera["offset"];
  calibration = { corner, hand: { offset, mat: gripper.mat, fovy: gripper.fovy } };
}
using env = await makeEnv(envId);
let wins = 0;
for (let seed = from; seed < from + n; seed++) {
  let proprio = env.reset({ seed }).observation.proprio;
  const policy = new BaselineEpisode(envId, calibration.corner, calibration.hand);
  let steps = 0, ok = false;
  for (;;) {
    const snapshot = env.snapshot();
    const [corner, gripper] = await renderer.render(
      snapshot,
      cameraSpecs(snapshot, ["corner", "gripper"]),
    );
    const step = env.step(policy.act(proprio, corner, 84, 84, gripper));
    proprio = step.observation.proprio;
    steps++;
    if (step.terminated || step.truncated) {
      ok = step.info.success;
      if (!ok && Deno.args.includes("--verbose")) {
        console.log(
          "tcp",
          step.state.tcp.map((v) => v.toFixed(3)),
          "goal",
          step.state.goal?.map((v) => v.toFixed(3)),
        );
      }
      break;
    }
  }
  if (ok) wins++;
  if (Deno.args.includes("--verbose")) console.log(seed, ok, steps);
}
console.log(envId, `${wins}/${n}`);

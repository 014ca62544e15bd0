import assert from "node:assert/strict";
import { makeEnv } from "../../envs/mod.ts";
import { cameraSpecs, createRenderer } from "../../render/mod.ts";
import { BaselineEpisode } from "./baseline_policy.ts";

async function successes(envId: string, seeds: number[]): Promise<number> {
  using renderer = await createRenderer({ backend: "cpu" });
  using env = await makeEnv(envId);
  let wins = 0;
  for (const seed of seeds) {
    let proprio = env.reset({ seed }).observation.proprio;
    const first = env.snapshot();
    const cameras = cameraSpecs(first, ["corner"]);
    const policy = new BaselineEpisode(envId, first.cameras.corner);
    for (let t = 0; t < 300; t++) {
      const [image] = await renderer.render(env.snapshot(), cameras);
      const step = env.step(policy.act(proprio, image, 84, 84));
      proprio = step.observation.proprio;
      if (step.info.success) {
        wins++;
        break;
      }
      if (step.terminated || step.truncated) break;
    }
  }
  return wins;
}

Deno.test("BaselineEpisode solves reach and button-press from the corner image", async () => {
  const seeds = [101, 102, 103, 104, 105, 106];
  assert.ok((await successes("metaworld/reach-v3", seeds)) >= 5);
  assert.ok((await successes("metaworld/button-press-v3", seeds)) >= 5);
});

Deno.test("BaselineEpisode holds still on tasks it does not know", async () => {
  assert.equal(await successes("metaworld/push-v3", [1, 2]), 0);
});

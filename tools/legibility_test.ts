import assert from "node:assert/strict";
import { listEnvs, makeEnv } from "../src/envs/mod.ts";
import { createRenderer } from "../src/render/mod.ts";
import { COLOUR_TARGET, measureView, PIXEL_TARGET } from "./legibility.ts";

Deno.test("every task object covers >= 25 px of the corner view and stands out from the table and distractors", async () => {
  using renderer = await createRenderer({ backend: "cpu" });
  const misses: string[] = [];
  for (const { id } of listEnvs()) {
    using env = await makeEnv(id);
    for (let seed = 90000; seed < 90006; seed++) {
      env.reset({ seed });
      for (const o of await measureView(env.snapshot(), renderer)) {
        if (o.distractor) continue;
        const where = `${id} seed ${seed} ${o.name}`;
        if (o.pixels < PIXEL_TARGET) misses.push(`${where}: ${o.pixels} px`);
        if (o.toTable === undefined || o.toTable < COLOUR_TARGET) {
          misses.push(`${where}: colour distance to the table ${o.toTable}`);
        }
        if (o.toDistractor !== undefined && o.toDistractor < COLOUR_TARGET) {
          misses.push(`${where}: colour distance to a distractor ${o.toDistractor}`);
        }
      }
    }
  }
  assert.deepEqual(misses, []);
});

Deno.test("the legibility measure fails an object the size of the old 2 cm goal marker", async () => {
  // the check can fail: the same scene with the goal marker shrunk to its former size
  using renderer = await createRenderer({ backend: "cpu" });
  using env = await makeEnv("metaworld/reach-v4");
  env.reset({ seed: 90000 });
  const big = (await measureView(env.snapshot(), renderer)).find((o) => o.name === "goal")!;
  const snapshot = env.snapshot();
  const goal = snapshot.segmentNames.indexOf("goal");
  for (let g = 0; g < snapshot.geomCount; g++) {
    if (snapshot.geomSegment[g] === goal) snapshot.geomSize[3 * g] = 0.02;
  }
  const small = (await measureView(snapshot, renderer))
    .find((o) => o.name === "goal")!;
  assert.ok(big.pixels >= PIXEL_TARGET, `${big.pixels}`);
  assert.ok(small.pixels < PIXEL_TARGET, `${small.pixels}`);
});

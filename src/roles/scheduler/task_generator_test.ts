import assert from "node:assert/strict";
import { deriveSceneSeeds } from "../../core/mod.ts";
import { generateTasks, type ScheduledMiner } from "./task_generator.ts";

const ENVS = ["metaworld/reach-v4", "metaworld/push-v4", "metaworld/door-open-v4"];

function miner(uid: number): ScheduledMiner {
  return {
    uid,
    hotkey: `hk${uid}`,
    endpoint: `http://127.0.0.1:${9000 + uid}`,
    commitment: null,
    commitBlock: 100 + uid,
  };
}

Deno.test("generateTasks() makes one task per (miner, env, episode) with shared seeds", async () => {
  const seeds = await deriveSceneSeeds(new Uint8Array(32).fill(7), {
    envIds: ENVS,
    episodesPerEnv: 5,
  });
  const miners = [miner(0), miner(4), miner(9)];
  const tasks = generateTasks(miners, { envIds: ENVS, episodesPerEnv: 5, seeds, maxSteps: 200 });
  assert.equal(tasks.length, 3 * 3 * 5);
  const keys = new Set(tasks.map((t) => `${t.minerUid}|${t.envId}|${t.episodeIndex}`));
  assert.equal(keys.size, tasks.length, "duplicate (miner, env, episode)");
  // Paired evaluation: for each (env, episode) every miner has the same seed.
  const byScene = new Map<string, Set<number>>();
  for (const t of tasks) {
    const k = `${t.envId}|${t.episodeIndex}`;
    byScene.set(k, (byScene.get(k) ?? new Set()).add(t.seed));
    assert.equal(t.seed, seeds.get(t.envId)![t.episodeIndex]);
    assert.equal(t.maxSteps, 200);
    assert.equal(t.minerEndpoint, `http://127.0.0.1:${9000 + t.minerUid}`);
  }
  assert.equal(byScene.size, 15);
  for (const [k, s] of byScene) assert.equal(s.size, 1, `miners got different seeds for ${k}`);
  // Different scenes have different seeds.
  assert.equal(new Set(tasks.map((t) => t.seed)).size, 15);
});

Deno.test("generateTasks() rejects missing seeds and duplicate uids", async () => {
  const seeds = await deriveSceneSeeds(new Uint8Array(32), { envIds: ENVS, episodesPerEnv: 2 });
  assert.throws(
    () => generateTasks([miner(1)], { envIds: ENVS, episodesPerEnv: 3, seeds }),
    RangeError,
  );
  assert.throws(
    () => generateTasks([miner(1)], { envIds: ["metaworld/x-v4"], episodesPerEnv: 1, seeds }),
    RangeError,
  );
  assert.throws(
    () => generateTasks([miner(1), miner(1)], { envIds: ENVS, episodesPerEnv: 1, seeds }),
    RangeError,
  );
  assert.deepEqual(generateTasks([], { envIds: ENVS, episodesPerEnv: 2, seeds }), []);
});

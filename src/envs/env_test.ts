import assert from "node:assert/strict";
import { createRng } from "../core/mod.ts";
import { NotFoundError } from "../errors/mod.ts";
import { getTask, listEnvs, makeEnv, registerTask, runEpisode } from "./mod.ts";
import type { StepResult } from "./mod.ts";

const IDS = listEnvs().map((e) => e.id);

Deno.test("listEnvs() lists the eight metaworld tasks with descriptions", () => {
  assert.deepEqual(IDS, [
    "metaworld/reach-v4",
    "metaworld/push-v4",
    "metaworld/pick-place-v4",
    "metaworld/button-press-v4",
    "metaworld/drawer-open-v4",
    "metaworld/drawer-close-v4",
    "metaworld/door-open-v4",
    "metaworld/peg-insert-v4",
  ]);
  for (const e of listEnvs()) {
    assert.ok(e.description.length > 10);
    assert.deepEqual(getTask(e.id).cameras, ["corner", "gripper"]);
  }
});

Deno.test("getTask() names the valid ids for an unknown id", () => {
  assert.throws(() => getTask("metaworld/nope-v3"), (err: Error) => {
    assert.ok(err instanceof NotFoundError);
    assert.ok(err.message.includes('"metaworld/reach-v4"'));
    return true;
  });
});

Deno.test("getTask() refuses a retired -v3 id, naming its replacement and the valid ids", () => {
  assert.throws(() => getTask("metaworld/push-v3"), (err: Error) => {
    assert.ok(err instanceof NotFoundError);
    assert.match(err.message, /retired.*"metaworld\/push-v4"/);
    assert.ok(err.message.includes('"metaworld/door-open-v4"'));
    return true;
  });
});

Deno.test("registerTask() rejects duplicate and malformed ids", () => {
  assert.throws(() => registerTask(getTask("metaworld/reach-v4")));
  assert.throws(() => registerTask({ ...getTask("metaworld/reach-v4"), id: "Reach" }), RangeError);
});

/** Replays `n` seeded random actions from `seed` and returns every result. */
function rollout(env: Awaited<ReturnType<typeof makeEnv>>, seed: number, n: number) {
  const rng = createRng(seed + 1000);
  const out: unknown[] = [env.reset({ seed })];
  for (let i = 0; i < n; i++) {
    const r: StepResult = env.step([0, 1, 2, 3].map(() => rng.range(-1, 1)));
    out.push(r);
    if (r.terminated || r.truncated) break;
  }
  return out;
}

for (const id of IDS) {
  Deno.test(`${id}: observations are finite, rewards in [0, 1], steps are deterministic`, async () => {
    using env = await makeEnv(id);
    const a = rollout(env, 7, 60);
    for (const r of a.slice(1) as StepResult[]) {
      assert.equal(r.observation.proprio.length, 4);
      assert.ok(r.observation.proprio.every(Number.isFinite));
      assert.ok(r.observation.proprio[3] >= 0 && r.observation.proprio[3] <= 1);
      assert.ok(r.reward >= 0 && r.reward <= 1, `reward ${r.reward}`);
      for (const v of Object.values(r.info.terms)) assert.ok(Number.isFinite(v));
    }
    // bit-identical replay on the same env and on a fresh one
    assert.deepEqual(rollout(env, 7, 60), a);
    using fresh = await makeEnv(id);
    assert.deepEqual(rollout(fresh, 7, 60), a);
  });
}

Deno.test("Env.reset() after 10 episodes equals a fresh reset", async () => {
  using env = await makeEnv("metaworld/pick-place-v4");
  for (let s = 0; s < 10; s++) runEpisode(env, s % 2 ? "random" : "oracle", s);
  const after = rollout(env, 42, 30);
  using fresh = await makeEnv("metaworld/pick-place-v4");
  assert.deepEqual(after, rollout(fresh, 42, 30));
});

Deno.test("Env.reset() places scenes from the seed", async () => {
  using env = await makeEnv("metaworld/push-v4");
  const a = env.reset({ seed: 1 }).state;
  const b = env.reset({ seed: 2 }).state;
  assert.notDeepEqual(a.objects.puck, b.objects.puck);
  assert.deepEqual(env.reset({ seed: 1 }).state, a);
  assert.deepEqual(env.reset({ seed: 1 }).observation.proprio.length, 4);
});

Deno.test("Env.step() validates actions, clips them, and refuses to run past the end", async () => {
  using env = await makeEnv("metaworld/reach-v4", { maxSteps: 3 });
  env.reset({ seed: 0 });
  assert.throws(() => env.step([0, 0, 0]), RangeError);
  assert.throws(() => env.step([0, Number.NaN, 0, 0]), RangeError);
  const clipped = env.step([5, 0, 0, 0]).state.hand;
  env.reset({ seed: 0 });
  assert.deepEqual(env.step([1, 0, 0, 0]).state.hand, clipped);
  env.step([0, 0, 0, 0]);
  const last = env.step([0, 0, 0, 0]);
  assert.equal(last.truncated, true);
  assert.equal(last.terminated, false);
  assert.throws(() => env.step([0, 0, 0, 0]), TypeError);
});

Deno.test("Env moves the hand by at most 1 cm per step and reports the gripper opening", async () => {
  using env = await makeEnv("metaworld/reach-v4");
  const start = env.reset({ seed: 0 }).observation.proprio;
  assert.ok(start[3] > 0.95, `open gripper reads ${start[3]}`);
  let obs = start;
  for (let i = 0; i < 20; i++) obs = env.step([1, 0, 0, 1]).observation.proprio;
  assert.ok(obs[0] - start[0] > 0.12 && obs[0] - start[0] <= 0.2, `moved ${obs[0] - start[0]}`);
  assert.ok(obs[3] < 0.3, `closed gripper reads ${obs[3]}`);
});

Deno.test("EnvOptions.render fills observation.images from a snapshot", async () => {
  let cameras: string[] = [];
  using env = await makeEnv("metaworld/reach-v4", {
    render: (snap) => {
      cameras = Object.keys(snap.cameras);
      return { corner: { data: new Uint8Array(3), width: 1, height: 1 } };
    },
  });
  const { observation } = env.reset({ seed: 0 });
  assert.deepEqual(Object.keys(observation.images ?? {}), ["corner"]);
  assert.deepEqual(cameras.sort(), ["corner", "gripper"]);
});

Deno.test("EnvOptions.randomize starts from the nominal model on every reset", async () => {
  const seen: number[] = [];
  using env = await makeEnv("metaworld/push-v4", {
    randomize: ({ sim, rng, nominal }) => {
      const mass = sim.modelField("body_mass");
      const puck = sim.id("body", "puck");
      seen.push(mass[puck]);
      mass[puck] = (nominal.body_mass as Float64Array)[puck] * rng.range(0.5, 1.5);
    },
  });
  env.reset({ seed: 1 });
  env.reset({ seed: 2 });
  assert.deepEqual(seen, [0.75, 0.75]);
});

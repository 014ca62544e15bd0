import assert from "node:assert/strict";
import type { CameraSpec } from "../../core/mod.ts";
import { decodeImage } from "../../core/wire/mod.ts";
import { makeEnv } from "../../envs/mod.ts";
import { PhysicsError } from "../../errors/mod.ts";
import { createRenderer } from "../../render/mod.ts";
import {
  failingResetPolicy,
  FakePolicy,
  missingPolicy,
  observeEnv,
  oraclePolicy,
  zeroPolicy,
} from "../../testing/mod.ts";
import { runEpisode } from "./episode.ts";
import type { EpisodeTask, FrameRenderer } from "./types.ts";

const REACH = "metaworld/reach-v4";

function task(over: Partial<EpisodeTask> = {}): EpisodeTask {
  return {
    envId: REACH,
    seed: 3,
    episodeId: "ep-1",
    maxSteps: 500,
    minerEndpoint: "http://fake",
    ...over,
  };
}

/** A renderer that paints every camera grey (fast; the real one is tested below). */
const flatRenderer: FrameRenderer = {
  render: (_s, cams: readonly CameraSpec[]) =>
    Promise.resolve(cams.map((c) => new Uint8Array(c.width * c.height * 3).fill(128))),
};

Deno.test("runEpisode() stops early with success when the oracle miner solves the task", async () => {
  using env = await makeEnv(REACH);
  using renderer = await createRenderer({ backend: "cpu" });
  const { policy, observe } = oraclePolicy(REACH);
  const r = await runEpisode(task(), {
    env: observeEnv(env, observe),
    renderer,
    miner: policy,
  });
  assert.equal(r.code, "success");
  assert.equal(r.success, true);
  assert.ok(r.steps > 0 && r.steps < 500, `steps ${r.steps}`);
  assert.equal(policy.acts.length, r.steps, "one /act per step, none after success");
  assert.equal(r.missedActs, 0);
  assert.ok(r.reward > 0);
  assert.equal(r.aborted, false);
  // The miner saw the task config and proper images, never the seed.
  assert.deepEqual(policy.resets[0], {
    env_id: REACH,
    episode_id: "ep-1",
    max_steps: env.maxSteps, // the task's step budget (150 for reach) caps the 500 asked for
    cameras: ["corner", "gripper"],
    image_shape: [84, 84, 3],
  });
  const first = policy.acts[0];
  assert.equal(first.step, 0);
  assert.equal(first.observation.length, 4);
  assert.deepEqual(Object.keys(first.images), ["corner", "gripper"]);
  const corner = decodeImage(first.images.corner);
  assert.equal(corner.length, 84 * 84 * 3);
  assert.ok(new Set(corner).size > 10, "the corner image is not blank");
  assert.equal(policy.acts.at(-1)!.step, r.steps - 1);
});

Deno.test("runEpisode() reports not_solved for a zero policy at the step limit", async () => {
  using env = await makeEnv(REACH);
  const miner = zeroPolicy();
  const r = await runEpisode(task({ maxSteps: 40 }), { env, renderer: flatRenderer, miner });
  assert.equal(r.code, "not_solved");
  assert.equal(r.success, false);
  assert.equal(r.steps, 40);
  assert.equal(miner.acts.length, 40);
  assert.equal(r.error, null);
  assert.ok(r.latencyP50Ms !== null && r.latencyP99Ms !== null);
});

Deno.test("runEpisode() ends with miner_timeout after 5 timeouts in a row", async () => {
  using env = await makeEnv(REACH);
  const miner = missingPolicy("miner_timeout");
  const r = await runEpisode(task(), { env, renderer: flatRenderer, miner });
  assert.equal(r.code, "miner_timeout");
  assert.equal(miner.acts.length, 5);
  assert.equal(r.missedActs, 5);
  assert.equal(r.steps, 4, "the four held steps before the fifth miss were stepped");
  assert.match(r.error ?? "", /miner_timeout/);
});

Deno.test("runEpisode() ends with miner_bad_action for garbage actions", async () => {
  using env = await makeEnv(REACH);
  const r = await runEpisode(task(), {
    env,
    renderer: flatRenderer,
    miner: missingPolicy("miner_bad_action"),
  });
  assert.equal(r.code, "miner_bad_action");
});

Deno.test("runEpisode() holds on sparse misses and ends after more than maxMissedActs", async () => {
  using env = await makeEnv(REACH);
  // Every other /act misses: never 5 in a row, so only the total limit ends it.
  const miner = new FakePolicy((req) =>
    req.step % 2 === 0 ? { ok: false, code: "miner_error" } : { ok: true, action: [0, 0, 0, 1] }
  );
  const r = await runEpisode(task(), {
    env,
    renderer: flatRenderer,
    miner,
    maxMissedActs: 3,
  });
  assert.equal(r.code, "miner_error");
  assert.equal(r.missedActs, 4);
  assert.equal(miner.acts.length, 7);
});

Deno.test("runEpisode() passes a /reset failure through with its code", async () => {
  using env = await makeEnv(REACH);
  const miner = failingResetPolicy("miner_unavailable");
  const r = await runEpisode(task(), { env, renderer: flatRenderer, miner });
  assert.equal(r.code, "miner_unavailable");
  assert.equal(miner.acts.length, 0);
  assert.equal(r.steps, 0);
});

Deno.test("runEpisode() blames our own failures on us, never the miner", async (t) => {
  await t.step("a renderer that throws gives infra_error", async () => {
    using env = await makeEnv(REACH);
    const broken: FrameRenderer = { render: () => Promise.reject(new Error("GPU lost")) };
    const r = await runEpisode(task(), { env, renderer: broken, miner: zeroPolicy() });
    assert.equal(r.code, "infra_error");
    assert.match(r.error ?? "", /GPU lost/);
  });
  await t.step("an env that throws a plain error gives infra_error", async () => {
    using env = await makeEnv(REACH);
    env.step = () => {
      throw new TypeError("bug in our code");
    };
    const r = await runEpisode(task(), { env, renderer: flatRenderer, miner: zeroPolicy() });
    assert.equal(r.code, "infra_error");
  });
  await t.step("a PhysicsError gives physics_error", async () => {
    using env = await makeEnv(REACH);
    env.step = () => {
      throw new PhysicsError("Cannot step: simulation unstable", ["mjWARN_BADQACC"]);
    };
    const r = await runEpisode(task(), { env, renderer: flatRenderer, miner: zeroPolicy() });
    assert.equal(r.code, "physics_error");
  });
  await t.step("a policy client that throws a non-miner error gives infra_error", async () => {
    using env = await makeEnv(REACH);
    const miner = new FakePolicy(() => {
      throw new RangeError("our client broke");
    });
    const r = await runEpisode(task(), { env, renderer: flatRenderer, miner });
    assert.equal(r.code, "infra_error");
  });
});

Deno.test("runEpisode() stops on abort with an aborted infra_error result", async () => {
  using env = await makeEnv(REACH);
  const ac = new AbortController();
  const miner = new FakePolicy((req) => {
    if (req.step === 3) ac.abort();
    return { ok: true, action: [0, 0, 0, 0] };
  });
  const r = await runEpisode(task(), { env, renderer: flatRenderer, miner, signal: ac.signal });
  assert.equal(r.code, "infra_error");
  assert.equal(r.aborted, true);
  assert.ok(r.steps <= 4);
});

Deno.test("runEpisode() fingerprints the actions returned, equal for the same policy on the same scene", async () => {
  using env = await makeEnv(REACH);
  const wobble = () =>
    new FakePolicy((req) => ({
      ok: true,
      action: [Math.sin(req.step) * 0.3, 0.1, -0.2, req.step % 2],
    }));
  const short = task({ maxSteps: 12 });
  const a = await runEpisode(short, { env, renderer: flatRenderer, miner: wobble() });
  const b = await runEpisode(short, { env, renderer: flatRenderer, miner: wobble() });
  assert.match(a.fingerprint!, /^[0-9a-f]{64}$/);
  assert.equal(a.fingerprint, b.fingerprint);
  const other = await runEpisode(short, { env, renderer: flatRenderer, miner: zeroPolicy() });
  // the same action every step is no identity (two idle miners would match): not compared
  assert.equal(other.fingerprint, null);
  // every /act missed, or the reset failed: nothing to compare
  const missed = await runEpisode(short, {
    env,
    renderer: flatRenderer,
    miner: missingPolicy("miner_timeout"),
  });
  assert.equal(missed.fingerprint, null);
  const dead = await runEpisode(short, {
    env,
    renderer: flatRenderer,
    miner: failingResetPolicy("miner_unavailable"),
  });
  assert.equal(dead.fingerprint, null);
});

import assert from "node:assert/strict";
import type { CameraSpec, SceneSnapshot } from "../../core/mod.ts";
import { gifSize, type TaskResult } from "../../core/wire/mod.ts";
import { PayloadTooLargeError } from "../../errors/mod.ts";
import { silentLogger } from "../../log/mod.ts";
import { createRenderer } from "../../render/mod.ts";
import { FakePolicy } from "../../testing/mod.ts";
import type { TaskApi } from "./loop.ts";
import {
  DEFAULT_REPLAY_SETTINGS,
  EpisodeRecorder,
  type ReplaySettings,
  shouldRecord,
  withReplayFallback,
} from "./replay.ts";
import { EpisodeRunner } from "./runner.ts";
import type { FrameRenderer } from "./types.ts";

const CAMERAS = (size: number): CameraSpec[] =>
  ["corner", "gripper"].map((name) => ({
    name,
    width: size,
    height: size,
    pos: [0, 0, 1],
    xyaxes: [1, 0, 0, 0, 1, 0],
    fovy: 45,
  } as unknown as CameraSpec));

/**
 * Frame k of camera c is filled with a value of its own, so frames differ; with `noise`, every
 * pixel is a pseudo-random value (frames that do not compress).
 */
function countingRenderer(noise = false): FrameRenderer & { calls: number } {
  let state = 12345;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 24;
  const r = {
    calls: 0,
    render(_s: SceneSnapshot, cams: readonly CameraSpec[]) {
      const k = r.calls++;
      return Promise.resolve(cams.map((c, i) => {
        const px = new Uint8Array(c.width * c.height * 3);
        if (noise) { for (let j = 0; j < px.length; j++) px[j] = next(); }
        else px.fill((k * 7 + i * 50) % 256);
        return px;
      }));
    },
  };
  return r;
}

function settings(over: Partial<ReplaySettings> = {}): ReplaySettings {
  return { ...DEFAULT_REPLAY_SETTINGS, ...over };
}

async function play(
  recorder: EpisodeRecorder,
  steps: number,
  options: { size?: number; missEvery?: number; noise?: boolean } = {},
) {
  const { size = 84, missEvery = 0, noise = false } = options;
  const renderer = recorder.renderer(countingRenderer(noise));
  const policy = recorder.policy(
    new FakePolicy((req) =>
      missEvery > 0 && req.step % missEvery === missEvery - 1
        ? { ok: false, code: "miner_timeout" }
        : { ok: true, action: [0.123456, -2, 0, 1] }
    ),
  );
  for (let step = 0; step < steps; step++) {
    await renderer.render({} as SceneSnapshot, CAMERAS(size));
    await policy.tryAct({ episode_id: "e", step, observation: [0, 0, 0, 1], images: {} });
  }
}

Deno.test("shouldRecord() samples the same episode indices for every miner", () => {
  const s = settings({ every: 50 });
  assert.deepEqual([0, 1, 49, 50, 100].map((i) => shouldRecord(s, i)), [
    true,
    false,
    false,
    true,
    true,
  ]);
  assert.equal(shouldRecord(settings({ every: 0 }), 0), false);
  assert.equal(shouldRecord(s, undefined), false);
  assert.equal(shouldRecord(undefined, 0), false);
});

Deno.test("EpisodeRecorder keeps a corner frame every few steps and every action, clipped", async () => {
  const rec = new EpisodeRecorder(settings({ frameEvery: 10 }));
  await play(rec, 45, { missEvery: 4 });
  const replay = rec.finish()!;
  assert.equal(replay.camera, "corner");
  assert.equal(replay.frames, 5, "steps 0, 10, 20, 30, 40");
  assert.equal(replay.frame_every, 10);
  const gif = Uint8Array.from(atob(replay.data), (c) => c.charCodeAt(0));
  assert.deepEqual(gifSize(gif), { width: 84, height: 84 });
  assert.equal(replay.actions.length, 45);
  assert.deepEqual(replay.actions[0], [0.1235, -1, 0, 1]);
  assert.equal(replay.actions[3], null, "a missed /act is recorded as null");
});

Deno.test("EpisodeRecorder thins frames past the cap, shrinks big images and respects the byte cap", async () => {
  const thin = new EpisodeRecorder(settings({ frameEvery: 1, maxFrames: 8 }));
  await play(thin, 40);
  const t = thin.finish()!;
  assert.ok(t.frames <= 8, `${t.frames} frames`);
  assert.equal(t.frame_every, 8, "the interval doubled three times");

  const big = new EpisodeRecorder(settings({ frameEvery: 5 }));
  await play(big, 10, { size: 512 });
  assert.deepEqual([big.finish()!.width, big.finish()!.height], [128, 128]);

  // noisy 84x84 frames take about 5 KB each in a GIF
  const capped = new EpisodeRecorder(settings({ frameEvery: 1, maxBytes: 24 * 1024 }));
  await play(capped, 12, { noise: true });
  const fit = capped.finish()!;
  assert.ok(atob(fit.data).length <= 24 * 1024, "never over the cap");
  assert.ok(fit.frames < 12 && fit.frames >= 2, `thinned to ${fit.frames} frames`);
  const hopeless = new EpisodeRecorder(settings({ frameEvery: 1, maxBytes: 1024 }));
  await play(hopeless, 12, { noise: true });
  assert.equal(hopeless.finish(), null, "no replay rather than one over the cap");
  assert.equal(new EpisodeRecorder(settings()).finish(), null, "nothing rendered: no replay");
});

Deno.test("EpisodeRunner records only the sampled episodes of a real environment", async () => {
  using renderer = await createRenderer({ backend: "cpu" });
  const runner = new EpisodeRunner({ replay: settings({ every: 2, frameEvery: 3 }) }, {
    renderer,
    createPolicy: () => new FakePolicy(() => ({ ok: true, action: [0.5, 0, 0, -1] })),
    log: silentLogger(),
  });
  try {
    const base = {
      envId: "metaworld/reach-v4",
      seed: 5,
      episodeId: "ep",
      maxSteps: 7,
      minerEndpoint: "x",
    };
    const recorded = await runner.run({ ...base, episodeIndex: 2 });
    const skipped = await runner.run({ ...base, episodeIndex: 3 });
    assert.equal(recorded.code, "not_solved");
    assert.equal(recorded.replay?.frames, 3, "steps 0, 3 and 6");
    assert.equal(recorded.replay?.actions.length, 7);
    assert.equal(skipped.replay, undefined);
  } finally {
    await runner.close();
  }
});

Deno.test("withReplayFallback() resubmits a result without its replay when the API refuses it", async () => {
  const seen: TaskResult[][] = [];
  const api: TaskApi = {
    fetchTasks: () => Promise.resolve({ tasks: [], total_pending: 0 }),
    heartbeat: () => Promise.resolve({ results: [] }),
    submitResults(results) {
      seen.push(results);
      if (results.some((r) => r.replay)) {
        return Promise.reject(new PayloadTooLargeError("Cannot accept replay: too large"));
      }
      return Promise.resolve({ accepted: 1, duplicates: 0, rejected: 0, results: [], errors: [] });
    },
  };
  const result = {
    "task_id": crypto.randomUUID(),
    "lease_id": crypto.randomUUID(),
    code: "success" as const,
    replay: {
      media_type: "image/gif" as const,
      data: "R0lG",
      camera: "corner",
      width: 1,
      height: 1,
      frames: 1,
      frame_every: 1,
      actions: [],
    },
  };
  const res = await withReplayFallback(api, silentLogger()).submitResults([result]);
  assert.equal(res.accepted, 1);
  assert.equal(seen.length, 2);
  assert.equal(seen[1][0].replay, undefined);
  assert.equal(seen[1][0].task_id, result.task_id);
  // other failures are not retried here
  const failing: TaskApi = { ...api, submitResults: () => Promise.reject(new Error("down")) };
  await assert.rejects(withReplayFallback(failing, silentLogger()).submitResults([result]), /down/);
});

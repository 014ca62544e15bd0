import assert from "node:assert/strict";
import { MOCAP_HIGH, MOCAP_LOW } from "../arm.ts";
import { listEnvs, makeEnv } from "../mod.ts";
import {
  auditEnv,
  rasterPath,
  recordOracle,
  replayPolicy,
  runBlind,
  spiralPath,
  SWEEP_VOLUME,
  sweepPolicies,
} from "./mod.ts";

Deno.test("sweeps stay inside the hand's bounds and cover the table plane", () => {
  for (const policy of sweepPolicies()) assert.match(policy.name, /^sweep-/);
  const cx = (SWEEP_VOLUME.x[0] + SWEEP_VOLUME.x[1]) / 2;
  const cy = (SWEEP_VOLUME.y[0] + SWEEP_VOLUME.y[1]) / 2;
  // The raster covers the whole rectangle, the spiral the disc it fits.
  for (const [path, radius] of [[rasterPath(0.12), Infinity], [spiralPath(0.12), 0.25]] as const) {
    for (const p of path) {
      for (let k = 0; k < 3; k++) assert.ok(p[k] >= MOCAP_LOW[k] && p[k] <= MOCAP_HIGH[k]);
    }
    // Every point of a 5 cm grid over the area where tasks put things (the swept area less a
    // 5 cm border) is within 5 cm of a segment of the path.
    for (let x = SWEEP_VOLUME.x[0] + 0.05; x <= SWEEP_VOLUME.x[1] - 0.05 + 1e-9; x += 0.05) {
      for (let y = SWEEP_VOLUME.y[0] + 0.05; y <= SWEEP_VOLUME.y[1] - 0.05 + 1e-9; y += 0.05) {
        if (Math.hypot(x - cx, y - cy) > radius) continue;
        const near = path.some((a, i) => {
          const b = path[i + 1] ?? a;
          const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
          const len2 = dx * dx + dy * dy;
          const t = len2 === 0
            ? 0
            : Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / len2));
          return Math.hypot(a[0] + t * dx - x, a[1] + t * dy - y) <= 0.05;
        });
        assert.ok(near, `(${x.toFixed(2)}, ${y.toFixed(2)}) is not swept`);
      }
    }
  }
});

Deno.test("a sweep reaches its waypoints from proprio alone", async () => {
  using env = await makeEnv("metaworld/reach-v4", { maxSteps: 120 });
  const policy = sweepPolicies().find((p) => p.name === "sweep-raster-z20-open")!;
  const act = policy.start();
  let { observation } = env.reset({ seed: 3 });
  const start = rasterPath(0.2)[0];
  let closest = Infinity;
  for (let i = 0; i < 120; i++) {
    const r = env.step(act(observation.proprio));
    observation = r.observation;
    const p = observation.proprio;
    closest = Math.min(closest, Math.hypot(p[0] - start[0], p[1] - start[1], p[2] - start[2]));
    if (r.terminated || r.truncated) break;
  }
  assert.ok(closest < 0.02, `closest ${closest}`);
});

for (const { id } of listEnvs()) {
  Deno.test(`${id}: an oracle recording replays faithfully on its own seed`, async () => {
    using env = await makeEnv(id);
    const rec = recordOracle(env, 1_000_000_000);
    assert.equal(rec.success, true);
    assert.equal(runBlind(env, replayPolicy("self", rec.actions), rec.seed).success, true);
  });
}

// The cheapest ways to get paid without looking, on a few fresh seeds of every task: the best
// of 5 replayed oracle recordings, their mean, and the sweeps that did best on the main-branch
// scenes (`kinitro audit-env` runs them all, on more seeds).
for (const { id } of listEnvs()) {
  Deno.test(`${id}: replayed and swept blind policies fail on fresh seeds`, async () => {
    const result = await auditEnv(id, {
      episodes: 8,
      seed: 500,
      sources: 5,
      selectSeeds: 3,
      only: ["replay", "sweep-spiral-z6-open", "sweep-spiral-z12-closed", "sweep-raster-z12"],
    });
    const blind = result.rows.filter((r) => r.kind === "blind");
    assert.ok(blind.length >= 5, blind.map((r) => r.policy).join());
    for (const r of blind) assert.ok(r.successes <= 1, `${r.policy}: ${r.successes}/8`);
  });
}

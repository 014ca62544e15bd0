import assert from "node:assert/strict";
import { aggregateOutcomes, type EpisodeOutcome } from "../../core/mod.ts";
import { scoreCycle } from "./score_cycle.ts";

const ENVS = ["metaworld/reach-v4", "metaworld/push-v4"];

function outcomes(uid: number, env: string, successes: number, n: number): EpisodeOutcome[] {
  const out: EpisodeOutcome[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      uid,
      hotkey: `hk${uid}`,
      envId: env,
      code: i < successes ? "success" : "not_solved",
    });
  }
  return out;
}

Deno.test("scoreCycle() gives the clearly better miner the weight, keyed by uid and hotkey", () => {
  const totals = aggregateOutcomes([
    ...outcomes(1, ENVS[0], 45, 50),
    ...outcomes(1, ENVS[1], 45, 50),
    ...outcomes(2, ENVS[0], 10, 50),
    ...outcomes(2, ENVS[1], 10, 50),
  ]);
  const miners = [
    { uid: 1, hotkey: "hk1", firstBlock: 10 },
    { uid: 2, hotkey: "hk2", firstBlock: 5 },
    { uid: 3, hotkey: "hk3", firstBlock: 1 }, // no results
  ];
  const s = scoreCycle({ envIds: ENVS, miners, totals });
  assert.ok(s.result);
  assert.deepEqual(s.result.miners.map((m) => m.points), [4, 0, 0]);
  assert.equal(s.result.miners[2].weight, 0);
  assert.equal(s.weights.uids[0], 1);
  assert.equal(s.weights.hotkeys[0], "hk1");
  assert.equal(s.weights.valuesU16[0], 65535);
  assert.equal(s.weights.uids.length, s.weights.weights.length);
  const sum = s.weights.weights.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - 1) < 1e-9, `sum ${sum}`);
  assert.equal(s.rows.length, 4);
  assert.equal(s.rows.find((r) => r.uid === 1 && r.envId === ENVS[0])!.successRate, 0.9);
});

Deno.test("scoreCycle() treats an env with only our faults as missing, and stores its counts", () => {
  const totals = aggregateOutcomes([
    ...outcomes(1, ENVS[0], 30, 50),
    { uid: 1, hotkey: "hk1", envId: ENVS[1], code: "infra_error", count: 50 },
    ...outcomes(2, ENVS[0], 30, 50),
    ...outcomes(2, ENVS[1], 0, 50),
  ]);
  const s = scoreCycle({
    envIds: ENVS,
    miners: [{ uid: 1, hotkey: "hk1", firstBlock: 1 }, { uid: 2, hotkey: "hk2", firstBlock: 2 }],
    totals,
  });
  assert.deepEqual(Object.keys(s.table.miners[0].results), [ENVS[0]]);
  const row = s.rows.find((r) => r.uid === 1 && r.envId === ENVS[1])!;
  assert.deepEqual([row.episodes, row.successRate, row.failures], [0, 0, { infra_error: 50 }]);
});

Deno.test("scoreCycle() returns no result and no weights when nobody has a scored episode", () => {
  const totals = aggregateOutcomes([
    { uid: 1, hotkey: "hk1", envId: ENVS[0], code: "infra_error", count: 3 },
  ]);
  const s = scoreCycle({
    envIds: ENVS,
    miners: [{ uid: 1, hotkey: "hk1", firstBlock: 1 }],
    totals,
  });
  assert.equal(s.result, null);
  assert.deepEqual(s.weights.uids, []);
  assert.equal(s.rows.length, 1);
});

Deno.test("scoreCycle() ignores totals of a hotkey not in the snapshot", () => {
  const totals = aggregateOutcomes([
    ...outcomes(1, ENVS[0], 30, 50),
    { uid: 1, hotkey: "someone-else", envId: ENVS[0], code: "success", count: 50 },
  ]);
  const s = scoreCycle({
    envIds: ENVS,
    miners: [{ uid: 1, hotkey: "hk1", firstBlock: 1 }],
    totals,
  });
  assert.equal(s.rows.length, 1);
  assert.equal(s.table.miners[0].results[ENVS[0]].rate, 0.6);
});

Deno.test("scoreCycle() puts all the weight on the burn target when nobody earns points", () => {
  const totals = aggregateOutcomes([
    ...outcomes(1, ENVS[0], 0, 50),
    ...outcomes(1, ENVS[1], 0, 50),
    ...outcomes(2, ENVS[0], 0, 50),
  ]);
  const miners = [{ uid: 1, hotkey: "hk1", firstBlock: 10 }, {
    uid: 2,
    hotkey: "hk2",
    firstBlock: 5,
  }];
  const burnt = scoreCycle({ envIds: ENVS, miners, totals }, {}, { uid: 0, hotkey: "owner" });
  assert.deepEqual(burnt.weights, {
    uids: [0],
    hotkeys: ["owner"],
    valuesU16: [65535],
    weights: [1],
  });
  assert.equal(burnt.result?.burn, true);
});

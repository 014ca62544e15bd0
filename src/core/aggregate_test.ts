import assert from "node:assert/strict";
import { aggregateOutcomes, type EpisodeOutcome, resultsByMiner } from "./aggregate.ts";

const A = "metaworld/reach-v4";
const B = "metaworld/push-v4";

function o(uid: number, envId: string, code: string, reward = 0): EpisodeOutcome {
  return { uid, hotkey: `hk${uid}`, envId, code, reward };
}

Deno.test("aggregateOutcomes() counts real episodes, successes and failures by code", () => {
  const totals = aggregateOutcomes([
    o(1, A, "success", 1),
    o(1, A, "success", 0.8),
    o(1, A, "not_solved", 0.2),
    o(1, A, "miner_timeout"),
    o(1, A, "infra_error"),
    o(1, A, "physics_error"),
  ]);
  assert.equal(totals.length, 1);
  const t = totals[0];
  assert.equal(t.episodes, 4, "infra_error and physics_error leave the denominator");
  assert.equal(t.successes, 2);
  assert.deepEqual(t.failures, {
    not_solved: 1,
    miner_timeout: 1,
    infra_error: 1,
    physics_error: 1,
  });
  assert.equal(t.successRate, 0.5);
  assert.equal(t.meanReward, 0.5);
});

Deno.test("aggregateOutcomes() gives no result when every episode failed for our reasons", () => {
  const totals = aggregateOutcomes([
    o(2, A, "infra_error"),
    o(2, A, "physics_error"),
    o(2, B, "not_solved"),
  ]);
  const a = totals.find((t) => t.envId === A)!;
  assert.equal(a.episodes, 0);
  assert.equal(a.successRate, null);
  assert.equal(a.meanReward, 0);
  const byMiner = resultsByMiner(totals);
  assert.deepEqual(byMiner.get("2/hk2")!.results, { [B]: { rate: 0, episodes: 1, successes: 0 } });
});

Deno.test("aggregateOutcomes() keeps miners apart by uid and hotkey, sorted", () => {
  const totals = aggregateOutcomes([
    o(3, B, "success"),
    { uid: 3, hotkey: "other", envId: B, code: "not_solved" },
    o(1, B, "success"),
    o(1, A, "not_solved"),
    { ...o(1, A, "success"), count: 3 },
  ]);
  assert.deepEqual(
    totals.map((t) => [t.uid, t.hotkey, t.envId, t.episodes, t.successes]),
    [
      [1, "hk1", B, 1, 1],
      [1, "hk1", A, 4, 3],
      [3, "hk3", B, 1, 1],
      [3, "other", B, 1, 0],
    ],
  );
  assert.throws(() => aggregateOutcomes([{ ...o(1, A, "success"), count: -1 }]), RangeError);
});

Deno.test("aggregateOutcomes() does not depend on input order", () => {
  const input = [
    o(1, A, "success", 1),
    o(2, A, "not_solved"),
    o(1, B, "miner_error"),
    o(2, B, "success", 1),
    o(1, A, "infra_error"),
  ];
  assert.deepEqual(aggregateOutcomes(input), aggregateOutcomes([...input].reverse()));
});

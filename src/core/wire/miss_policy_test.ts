import assert from "node:assert/strict";
import type { MinerErrorCode } from "../../errors/mod.ts";
import { type ActOutcome, createMissState, type MissState, stepMissPolicy } from "./mod.ts";

const good = (grip: number): ActOutcome => ({ ok: true, action: [0.1, 0.2, 0.3, grip] });
const miss = (code: MinerErrorCode = "miner_timeout"): ActOutcome => ({ ok: false, code });

function run(state: MissState, outcomes: ActOutcome[]) {
  const steps = [];
  for (const o of outcomes) {
    const s = stepMissPolicy(state, o);
    steps.push(s);
    state = s.state;
    if (s.ended) break;
  }
  return { state, steps };
}

Deno.test("stepMissPolicy() applies good actions and holds with the previous grip on a miss", () => {
  const { steps } = run(createMissState(), [miss(), good(0.7), miss("miner_error"), good(-0.2)]);
  assert.deepEqual(steps.map((s) => s.action), [
    [0, 0, 0, -1],
    [0.1, 0.2, 0.3, 0.7],
    [0, 0, 0, 0.7],
    [0.1, 0.2, 0.3, -0.2],
  ]);
  assert.deepEqual(steps.map((s) => s.missed), [true, false, true, false]);
  assert.equal(steps.at(-1)!.state.misses, 2);
  assert.equal(steps.at(-1)!.state.consecutive, 0);
  assert.equal(steps.at(-1)!.state.lastMiss, "miner_error");
});

Deno.test("stepMissPolicy() ends the episode on the 5th miss in a row with its code", () => {
  const outcomes = [miss(), miss(), miss(), miss("miner_error"), miss("miner_bad_action"), good(1)];
  const { state, steps } = run(createMissState(), outcomes);
  assert.equal(steps.length, 5);
  assert.deepEqual(steps.map((s) => s.ended), [null, null, null, null, "miner_bad_action"]);
  assert.equal(state.ended, "miner_bad_action");
  assert.throws(() => stepMissPolicy(state, good(1)), /episode ended with "miner_bad_action"/);
});

Deno.test("stepMissPolicy() tolerates 4 misses in a row, then a good action resets the run", () => {
  const pattern = [miss(), miss(), miss(), miss(), good(1)];
  const { state, steps } = run(createMissState(), [...pattern, ...pattern]);
  assert.equal(steps.length, 10);
  assert.equal(state.ended, null);
  assert.equal(state.misses, 8);
});

Deno.test("stepMissPolicy() ends the episode on miss number 26 with the default limit", () => {
  const outcomes: ActOutcome[] = [];
  for (let i = 0; i < 30; i++) {
    outcomes.push(miss(i === 25 ? "miner_unavailable" : "miner_timeout"), good(0));
  }
  const { state, steps } = run(createMissState(), outcomes);
  assert.equal(state.misses, 26);
  assert.equal(state.ended, "miner_unavailable");
  assert.equal(steps.length, 51);
  assert.equal(steps.filter((s) => s.ended).length, 1);
});

Deno.test("createMissState() takes custom limits and rejects bad ones", () => {
  const { state } = run(createMissState({ maxMissedActs: 1, maxConsecutiveMisses: 9 }), [
    miss(),
    good(0),
    miss("miner_error"),
  ]);
  assert.equal(state.ended, "miner_error");
  assert.equal(createMissState({ initialGrip: 1 }).grip, 1);
  assert.throws(() => createMissState({ maxMissedActs: -1 }), RangeError);
  assert.throws(() => createMissState({ maxConsecutiveMisses: 1.5 }), RangeError);
});

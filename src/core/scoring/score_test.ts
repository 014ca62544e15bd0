import assert from "node:assert/strict";
import { burnWeights, scoreTable } from "./score.ts";
import { toU16Weights } from "./u16.ts";
import type { MinerResults, ScoreTable } from "./types.ts";

function miner(
  uid: number,
  firstBlock: number,
  rates: Record<string, number>,
  episodes = 50,
): MinerResults {
  const results = Object.fromEntries(
    Object.entries(rates).map(([env, rate]) => [env, { rate, episodes }]),
  );
  return { uid, hotkey: `hk-${uid}`, firstBlock, results };
}

function points(table: ScoreTable, options = {}): number[] {
  return scoreTable(table, options).miners.map((m) => m.points);
}

const AB = ["a", "b"];

Deno.test("scoreTable() gives every subset to a miner clearly better everywhere", () => {
  const table = {
    envs: AB,
    miners: [miner(0, 1000, { a: 0.9, b: 0.9 }), miner(1, 2000, { a: 0.5, b: 0.5 })],
  };
  const r = scoreTable(table);
  assert.deepEqual(r.miners.map((m) => m.points), [4, 0]);
  // the zero-point miner gets no weight because someone has points
  assert.deepEqual(r.miners.map((m) => m.weight), [1, 0]);
  assert.deepEqual(Array.from(r.winners), [-1, 0, 0, 0]);
  assert.deepEqual(toU16Weights(r.miners), { uids: [0], hotkeys: ["hk-0"], values: [65535] });
  // the later miner being better takes everything the same way
  table.miners[1] = miner(1, 2000, { a: 0.99, b: 0.99 });
  table.miners[0] = miner(0, 1000, { a: 0.7, b: 0.7 });
  assert.deepEqual(points(table), [0, 4]);
});

Deno.test("scoreTable() gives a tie within eps to the first committer", () => {
  const copy = [miner(0, 1000, { a: 0.8, b: 0.8 }), miner(1, 2000, { a: 0.8, b: 0.8 })];
  assert.deepEqual(points({ envs: AB, miners: copy }), [4, 0]);
  const swapped = [miner(0, 2000, { a: 0.8, b: 0.8 }), miner(1, 1000, { a: 0.8, b: 0.8 })];
  assert.deepEqual(points({ envs: AB, miners: swapped }), [0, 4]);
  const sameBlock = [miner(5, 1000, { a: 0.8, b: 0.8 }), miner(2, 1000, { a: 0.85, b: 0.8 })];
  assert.deepEqual(points({ envs: AB, miners: sameBlock }), [0, 4]); // lower uid 2 wins
});

Deno.test("scoreTable() gives no win to either side of a trade-off", () => {
  const r = scoreTable({
    envs: AB,
    miners: [miner(0, 1000, { a: 0.9, b: 0.5 }), miner(1, 2000, { a: 0.5, b: 0.9 })],
  });
  assert.deepEqual(r.miners.map((m) => m.points), [1, 1]);
  assert.equal(r.winners[0b11], -1);
  assert.deepEqual(r.miners.map((m) => m.weight), [0.5, 0.5]);
  assert.deepEqual(r.bySize.map((s) => [s.size, s.subsets, s.withWinner]), [[1, 2, 2], [
    2,
    1,
    0,
  ]]);
});

Deno.test("scoreTable() handles a cycle of beats (no winner on that subset)", () => {
  // on {a}: 0 ties 1 and is earlier, 1 ties 2 and is earlier, 2 is better than 0 beyond eps
  const r = scoreTable({
    envs: AB,
    miners: [
      miner(0, 1000, { a: 0.5, b: 0.5 }),
      miner(1, 1500, { a: 0.62, b: 0.4 }),
      miner(2, 2000, { a: 0.7, b: 0.7 }),
    ],
  });
  assert.equal(r.winners[0b01], -1);
  assert.equal(r.winners[0b10], 2);
  assert.equal(r.winners[0b11], 2);
  assert.deepEqual(r.miners.map((m) => m.points), [0, 0, 3]);
});

Deno.test("scoreTable() treats a missing environment as rate 0 without noise", () => {
  // uid 0 has no result on b, which counts as a certain 0: uid 1's 0.5 there is beyond eps
  // (0.106), so uid 1 wins {b} and dominates {a, b}; on {a} 0.6 vs 0.5 is within eps (0.149)
  // and uid 0 committed first.
  const r = scoreTable({
    envs: AB,
    miners: [miner(0, 1000, { a: 0.6 }), miner(1, 2000, { a: 0.5, b: 0.5 })],
  });
  assert.deepEqual(Array.from(r.winners), [-1, 0, 1, 1]);
  assert.deepEqual(r.miners.map((m) => m.points), [1, 3]);
  // two missing results on the same env tie at 0: nobody shows skill on {b}, so it has no
  // winner; {a} and {a, b} are ties that the first committer wins (1 + 2 points)
  const both = scoreTable({
    envs: AB,
    miners: [miner(0, 1000, { a: 0.6 }), miner(1, 2000, { a: 0.6 })],
  });
  assert.deepEqual(Array.from(both.winners), [-1, 0, -1, 0]);
  assert.deepEqual(both.miners.map((m) => m.points), [3, 0]);
});

Deno.test("scoreTable() leaves miners without results out, with weight 0", () => {
  const r = scoreTable({
    envs: AB,
    miners: [miner(0, 1000, {}), miner(1, 2000, { a: 0.1, b: 0.1 })],
  });
  assert.deepEqual(r.miners.map((m) => [m.points, m.weight, m.hasResults]), [
    [0, 0, false],
    [4, 1, true],
  ]);
  const nobody = scoreTable({ envs: AB, miners: [miner(0, 1000, {})] });
  assert.deepEqual(nobody.miners.map((m) => m.weight), [0]);
  assert.deepEqual(Array.from(nobody.winners), [-1, -1, -1, -1]);
  const empty = scoreTable({ envs: [], miners: [] });
  assert.deepEqual(empty.miners, []);
});

Deno.test("scoreTable() gives a lone miner every subset on which it shows skill", () => {
  // rate 0.3 on a, 0 on b, missing on c: it wins the 4 subsets holding a (1 + 2 + 2 + 3 points);
  // {b}, {c} and {b, c} have no winner
  const r = scoreTable({ envs: ["a", "b", "c"], miners: [miner(7, 5, { a: 0.3, b: 0 })] });
  assert.deepEqual(Array.from(r.winners), [-1, 0, -1, 0, -1, 0, -1, 0]);
  assert.deepEqual(r.miners.map((m) => [m.points, m.weight]), [[8, 1]]);
});

const EIGHT = ["reach", "push", "pick", "button", "drawer-open", "drawer-close", "door", "peg"];

function zeros(envs: readonly string[]): Record<string, number> {
  return Object.fromEntries(envs.map((env) => [env, 0]));
}

Deno.test("scoreTable() gives no subset to earlier miners with rate 0 on all of it", () => {
  // the demo: one miner solves reach and button, two earlier ones score 0 everywhere. The 63
  // subsets of the other six envs are ties at 0 that the first committer used to win (192
  // points for doing nothing); now they have no winner.
  const skilled = miner(2, 3000, { ...zeros(EIGHT), reach: 0.9, button: 0.6 });
  const r = scoreTable({
    envs: EIGHT,
    miners: [miner(0, 1000, zeros(EIGHT)), miner(1, 2000, zeros(EIGHT)), skilled],
  });
  const skill = 0b1001; // reach, button
  for (let s = 1; s < 256; s++) assert.equal(r.winners[s], (s & skill) !== 0 ? 2 : -1, `${s}`);
  // 8 * 2^7 points in all, less 6 * 2^5 for the subsets of the six unsolved envs
  assert.deepEqual(r.miners.map((m) => m.points), [0, 0, 1024 - 192]);
  assert.deepEqual(r.miners.map((m) => m.weight), [0, 0, 1]);
  assert.deepEqual(r.bySize.map((b) => b.withWinner), [2, 13, 36, 55, 50, 27, 8, 1]);
  assert.deepEqual(toU16Weights(r.miners), { uids: [2], hotkeys: ["hk-2"], values: [65535] });
  // a skilled miner within noise of an earlier one on S still loses the tie on S: skill only
  // decides whether the tie's winner may take S
  const close = scoreTable({
    envs: ["a"],
    miners: [miner(0, 1000, { a: 0.02 }), miner(1, 2000, { a: 0.04 })],
  });
  assert.deepEqual(close.miners.map((m) => m.points), [1, 0]);
  // an earlier miner at 0 everywhere takes no part: it cannot block a later one at 0.04
  const zeroFirst = scoreTable({
    envs: ["a"],
    miners: [miner(0, 1000, { a: 0 }), miner(1, 2000, { a: 0.04 })],
  });
  assert.deepEqual(Array.from(zeroFirst.winners), [-1, 1]);
});

Deno.test("scoreTable() leaves every subset without a winner when every rate is 0", () => {
  const r = scoreTable({
    envs: EIGHT,
    miners: [
      miner(0, 1000, zeros(EIGHT)),
      miner(1, 2000, zeros(EIGHT)),
      miner(2, 3000, { reach: 0, peg: 0 }, 10), // missing elsewhere: 0 too
      miner(3, 500, {}), // no results: out
    ],
  });
  assert.ok(r.winners.every((w) => w === -1));
  assert.ok(r.bySize.every((b) => b.withWinner === 0));
  assert.deepEqual(r.miners.map((m) => m.points), [0, 0, 0, 0]);
  // nobody earned anything: no miner gets weight, the burn uid gets all of it
  assert.deepEqual(r.miners.map((m) => m.weight), [0, 0, 0, 0]);
  assert.equal(r.burn, true);
  const u16 = toU16Weights(burnWeights(r, { uid: 65535, hotkey: "owner" }));
  assert.deepEqual([u16.uids, u16.values], [[65535], [65535]]);
});

Deno.test("scoreTable() applies the subset scheme and temperature", () => {
  const envs = ["a", "b", "c"];
  const miners = [miner(0, 1, { a: 0.9, b: 0.9, c: 0.9 }), miner(1, 2, { a: 0.3, b: 0.3, c: 0.3 })];
  assert.deepEqual(points({ envs, miners }), [12, 0]);
  assert.deepEqual(points({ envs, miners }, { scheme: "exponential" }), [1 * 3 + 2 * 3 + 4, 0]);
  assert.deepEqual(points({ envs, miners }, { scheme: "equal" }), [7, 0]);
  // whatever the temperature, zero points earn nothing while someone has points
  const hotSweep = scoreTable({ envs, miners }, { temperature: 12 }).miners.map((m) => m.weight);
  assert.deepEqual(hotSweep, [1, 0]);
  // uid 0 takes {a}, {b}, {a, b} (4 points), uid 1 takes {c} (1); subsets mixing c are trade-offs
  const split = [miner(0, 1, { a: 0.9, b: 0.9, c: 0.3 }), miner(1, 2, { a: 0.3, b: 0.3, c: 0.9 })];
  assert.deepEqual(points({ envs, miners: split }), [4, 1]);
  const hot = scoreTable({ envs, miners: split }, { temperature: 3 }).miners.map((m) => m.weight);
  assert.ok(Math.abs(hot[0] - Math.E / (Math.E + 1)) < 1e-15); // exp(3/3) / (exp(3/3) + 1)
  const cold = scoreTable({ envs, miners: split }).miners.map((m) => m.weight);
  assert.ok(Math.abs(cold[0] - Math.exp(3) / (Math.exp(3) + 1)) < 1e-15);
});

Deno.test("scoreTable() burns the weight when every subset is a trade-off or cycle", () => {
  // one env and a cycle of beats: {a} has no winner, so every miner has 0 points
  const r = scoreTable({
    envs: ["a"],
    miners: [
      miner(0, 1000, { a: 0.5 }),
      miner(1, 1500, { a: 0.62 }),
      miner(2, 2000, { a: 0.7 }),
      miner(3, 2500, {}),
    ],
  });
  assert.deepEqual(r.miners.map((m) => m.points), [0, 0, 0, 0]);
  assert.ok(r.burn && r.miners.every((m) => m.weight === 0));
  const u16 = toU16Weights(burnWeights(r, { uid: 65535, hotkey: "owner" }));
  assert.deepEqual([u16.uids, u16.values], [[65535], [65535]]);
  // two miners trading off: each better beyond noise on one env, so {a, b} has no winner,
  // but each wins its own env: not a weak cycle, no burn
  const trade = scoreTable({
    envs: AB,
    miners: [miner(0, 1, { a: 0.9, b: 0.1 }), miner(1, 2, { a: 0.1, b: 0.9 })],
  });
  assert.equal(trade.burn, false);
});

Deno.test("scoreTable() treats a difference equal to the noise margin as within noise", () => {
  // exact margins in floats: 0.9 - 0.7 is 0.20000000000000007 against epsMax 0.2
  const at = (hi: number, lo: number, n: number, opts = {}) =>
    points({ envs: ["a"], miners: [miner(0, 2, { a: hi }, n), miner(1, 1, { a: lo }, n)] }, opts);
  assert.deepEqual(at(0.9, 0.7, 10), [0, 1]); // equal to epsMax: a tie, the earlier (uid 1) wins
  assert.deepEqual(at(0.9, 0.69, 10), [1, 0]); // beyond it
  assert.deepEqual(at(0.3, 0.1, 10), [0, 1]);
  assert.deepEqual(at(1, 0.8, 1), [0, 1]); // n = 1
  assert.deepEqual(at(0.56, 0.36, 50, { z: 3 }), [0, 1]); // eps clamps to 0.2 at n = 50 too
  assert.deepEqual(at(0.56, 0.36, 50), [1, 0]); // z = 1.5: eps 0.146, beyond noise
  // epsMin: z = 0 makes eps = epsMin exactly
  assert.deepEqual(at(0.52, 0.5, 50, { z: 0 }), [0, 1]);
  assert.deepEqual(at(0.53, 0.5, 50, { z: 0 }), [1, 0]);
  assert.deepEqual(at(0.07, 0.05, 100, { z: 0 }), [0, 1]);
  // equal rates: always within noise
  assert.deepEqual(at(0.5, 0.5, 50), [0, 1]);
  // unequal n: 9/10 against 35/50 = 0.7; with z = 3 eps clamps to 0.2 exactly
  const unequal = (z: number) =>
    scoreTable({
      envs: ["a"],
      miners: [miner(0, 2, { a: 0.9 }, 10), miner(1, 1, { a: 0.7 }, 50)],
    }, { z }).miners.map((m) => m.points);
  assert.deepEqual(unequal(3), [0, 1]);
  assert.deepEqual(unequal(1.5), [1, 0]); // eps 0.172: beyond noise
});

Deno.test("scoreTable() widens eps for small episode counts", () => {
  const close = {
    envs: ["a"],
    miners: [miner(0, 2, { a: 0.8 }, 500), miner(1, 1, { a: 0.7 }, 500)],
  };
  assert.deepEqual(points(close), [1, 0]); // eps ~0.041 at n=500: 0 is better beyond noise
  const few = { envs: ["a"], miners: [miner(0, 2, { a: 0.8 }, 10), miner(1, 1, { a: 0.7 }, 10)] };
  assert.deepEqual(points(few), [0, 1]); // eps 0.2 at n=10: a tie, uid 1 committed first
});

Deno.test("scoreTable() rejects invalid tables and options", () => {
  const ok = miner(0, 1, { a: 0.5 });
  const cases: [ScoreTable, RegExp][] = [
    [{ envs: ["a", "a"], miners: [] }, /repeat/],
    [{ envs: ["a"], miners: [ok, { ...ok }] }, /uid "0" appears twice/],
    [{ envs: ["a"], miners: [miner(0, 1, { b: 0.5 })] }, /unknown environment "b"/],
    [{ envs: ["a"], miners: [miner(0, 1, { a: 1.5 })] }, /rate "1.5"/],
    [{ envs: ["a"], miners: [miner(0, 1, { a: 0.5 }, 0)] }, /"0" episodes/],
    [{ envs: ["a"], miners: [miner(-1, 1, { a: 0.5 })] }, /uid "-1"/],
    [{ envs: ["a"], miners: [miner(0, NaN, { a: 0.5 })] }, /first block "NaN"/],
    [{ envs: Array.from({ length: 21 }, (_, i) => `e${i}`), miners: [] }, /limit of "20"/],
  ];
  for (const [table, message] of cases) assert.throws(() => scoreTable(table), message);
  const t = { envs: ["a"], miners: [ok] };
  assert.throws(() => scoreTable(t, { temperature: 0 }), /temperature "0"/);
  assert.throws(() => scoreTable(t, { epsMin: 0.3 }), /epsMax "0.2"/);
  assert.throws(() => scoreTable(t, { z: -1 }), /z "-1"/);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => scoreTable(t, { scheme: "cubic" as any }), /scheme "cubic"/);
});

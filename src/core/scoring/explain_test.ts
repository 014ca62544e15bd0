import assert from "node:assert/strict";
import { createRng } from "../rng.ts";
import { explainScoring } from "./explain.ts";
import { randomScoreTable } from "./random.ts";
import { popcount } from "./score.ts";
import type { MinerResults, ScoreTable } from "./types.ts";

function miner(uid: number, block: number, rates: Record<string, [number, number]>): MinerResults {
  const results: Record<string, { rate: number; episodes: number }> = {};
  for (const [env, [k, n]] of Object.entries(rates)) results[env] = { rate: k / n, episodes: n };
  return { uid, hotkey: `hk-${uid}`, firstBlock: block, results };
}

Deno.test("explainScoring() names the winner, a trade-off and a lack of skill", () => {
  const table: ScoreTable = {
    envs: ["a", "b", "c"],
    miners: [
      miner(0, 10, { a: [45, 50], b: [5, 50], c: [0, 50] }),
      miner(1, 20, { a: [5, 50], b: [45, 50], c: [0, 50] }),
    ],
  };
  const e = explainScoring(table);
  assert.deepEqual(e.verdict(0b001), { kind: "winner", winner: 0 });
  assert.deepEqual(e.verdict(0b010), { kind: "winner", winner: 1 });
  const ab = e.verdict(0b011);
  assert.equal(ab.kind, "trade_off");
  if (ab.kind === "trade_off") assert.deepEqual(new Set([ab.a, ab.b]), new Set([0, 1]));
  // nobody solves c: miner 0 ties miner 1 there and committed first, but shows no skill
  assert.deepEqual(e.verdict(0b100), { kind: "no_skill", candidate: 0 });
  assert.deepEqual(e.paretoFront(0b011).sort(), [0, 1]);
  assert.deepEqual(e.paretoFront(0b001), [0]);
});

Deno.test("explainScoring() finds a cycle of ties to the earlier committer", () => {
  // 0 ~ 1 and 1 ~ 2 are within the 0.02 margin (0 and 1 committed earlier), but 2 is beyond
  // the margin above 0: 0 beats 1, 1 beats 2, 2 beats 0, so nobody wins
  const n = 10_000;
  const table: ScoreTable = {
    envs: ["a"],
    miners: [
      miner(0, 10, { a: [5000, n] }),
      miner(1, 20, { a: [5150, n] }),
      miner(2, 30, { a: [5300, n] }),
    ],
  };
  const e = explainScoring(table);
  const v = e.verdict(1);
  assert.equal(v.kind, "cycle");
  if (v.kind !== "cycle") return;
  assert.equal(v.cycle.length, 3);
  v.cycle.forEach((p, i) => {
    assert.ok(e.beats(p, v.cycle[(i + 1) % v.cycle.length], 1), `${p} beats the next`);
  });
});

Deno.test("explainScoring() agrees with scoreTable() and every verdict holds on random tables", () => {
  const rng = createRng(2024);
  for (let t = 0; t < 60; t++) {
    const table = randomScoreTable(rng, { miners: 2 + rng.int(0, 10), envs: 1 + rng.int(0, 4) }, {
      episodes: 10,
      varyEpisodes: true,
      copyChance: 0.2,
      missingChance: 0.1,
      zeroChance: 0.2,
      blockSpread: t % 2 === 0 ? 3 : 0,
    });
    const e = explainScoring(table);
    const m = table.miners.length;
    // miners without a success take no part (docs/scoring.md, rule 5)
    const active = table.miners.map((x) => Object.values(x.results).some((r) => r.rate > 0));
    for (let mask = 1; mask < 1 << table.envs.length; mask++) {
      const v = e.verdict(mask);
      const w = e.result.winners[mask];
      assert.equal(v.kind === "winner", w >= 0, `table ${t} mask ${mask}`);
      const others = (a: number) => [...Array(m).keys()].filter((b) => b !== a && active[b]);
      switch (v.kind) {
        case "winner":
          assert.equal(v.winner, w);
          break;
        case "no_skill":
          assert.ok(others(v.candidate).every((b) => e.beats(v.candidate, b, mask)));
          for (let env = 0; env < table.envs.length; env++) {
            if (mask & (1 << env)) {
              assert.equal(table.miners[v.candidate].results[table.envs[env]]?.rate ?? 0, 0);
            }
          }
          break;
        case "trade_off":
          assert.ok(!e.beats(v.a, v.b, mask) && !e.beats(v.b, v.a, mask));
          assert.ok(others(v.a).every((b) => !e.beats(b, v.a, mask)), "a is unbeaten");
          break;
        case "cycle":
          v.cycle.forEach((p, i) => assert.ok(e.beats(p, v.cycle[(i + 1) % v.cycle.length], mask)));
          assert.ok(
            active.every((on, q) => !on || others(q).some((p) => e.beats(p, q, mask))),
            "everyone is beaten",
          );
          break;
        case "empty":
          assert.ok(active.every((on) => !on));
      }
      // the front is exactly the miners nobody eps-dominates; a winner is always on it
      const front = new Set(e.paretoFront(mask));
      if (w >= 0) assert.ok(front.has(w), `winner ${w} on the front`);
      assert.ok(front.size >= (active.some(Boolean) ? 1 : 0));
      assert.ok(popcount(mask) >= 1);
    }
  }
});

Deno.test("explainScoring() of a table without results has empty verdicts", () => {
  const e = explainScoring({ envs: ["a", "b"], miners: [miner(0, 1, {})] });
  assert.deepEqual(e.verdict(0b11), { kind: "empty" });
  assert.deepEqual(e.paretoFront(0b11), []);
});

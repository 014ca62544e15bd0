import assert from "node:assert/strict";
import { createRng, type Rng } from "../rng.ts";
import { scoreTableReference, subsetKey } from "../../testing/mod.ts";
import { randomScoreTable } from "./random.ts";
import { burnWeights, scoreTable } from "./score.ts";
import { toU16Weights, U16_MAX } from "./u16.ts";
import type {
  MinerResults,
  ScoreTable,
  ScoringOptions,
  ScoringResult,
  SubsetScheme,
} from "./types.ts";

/** A small random table with the awkward cases mixed in, and random options. */
function randomCase(rng: Rng): { table: ScoreTable; options: ScoringOptions } {
  const table = randomScoreTable(rng, { miners: rng.int(0, 7), envs: rng.int(0, 6) }, {
    episodes: rng.int(1, 3) === 1 ? rng.int(1, 10) : 50,
    varyEpisodes: rng.uniform() < 0.5,
    copyChance: rng.uniform() * 0.4,
    missingChance: rng.uniform() < 0.5 ? 0 : rng.uniform() * 0.4,
    // many zero rates: whole tables of them, zero-skill miners, and scattered zeros
    zeroChance: [0, 0, rng.uniform() * 0.5, 0.9, 1][rng.int(0, 4)],
    zeroMinerChance: rng.uniform() < 0.5 ? 0 : rng.uniform() * 0.6,
    blockSpread: rng.uniform() < 0.5 ? 0 : rng.int(1, 4),
  });
  const schemes: SubsetScheme[] = ["linear", "exponential", "equal"];
  const options: ScoringOptions = rng.uniform() < 0.5 ? {} : {
    z: [0, 1, 1.5, 3][rng.int(0, 3)],
    epsMin: [0, 0.02, 0.1][rng.int(0, 2)],
    epsMax: [0.2, 0.5][rng.int(0, 1)],
    scheme: schemes[rng.int(0, 2)],
    temperature: [0.5, 1, 10][rng.int(0, 2)],
  };
  return { table, options };
}

function pointsByUid(result: ScoringResult): Map<number, number> {
  return new Map(result.miners.map((m) => [m.uid, m.points]));
}

function winnersByKey(result: ScoringResult): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (let s = 1; s < result.winners.length; s++) {
    const envs = result.envs.filter((_, e) => (s >> e) & 1);
    const w = result.winners[s];
    out.set(subsetKey(envs), w < 0 ? null : result.miners[w].uid);
  }
  return out;
}

function shuffle<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

Deno.test("scoreTable() agrees with the reference on 4000 random tables", () => {
  const rng = createRng(20261126);
  let withWinner = 0;
  let withoutWinner = 0;
  let noSkill = 0; // subsets on which every miner with results has rate 0
  let allZeroTables = 0;
  for (let i = 0; i < 4000; i++) {
    const { table, options } = randomCase(rng);
    const fast = scoreTable(table, options);
    const ref = scoreTableReference(table, options);
    const context = JSON.stringify({ table, options });
    assert.deepEqual(winnersByKey(fast), ref.winners, context);
    assert.deepEqual(pointsByUid(fast), ref.points, context);
    for (const m of fast.miners) {
      assert.ok(Math.abs(m.weight - ref.weights.get(m.uid)!) < 1e-12, context);
    }
    for (const w of ref.winners.values()) w === null ? withoutWinner++ : withWinner++;
    const active = table.miners.filter((m) => Object.keys(m.results).length > 0);
    const rate = (m: MinerResults, env: string) => m.results[env]?.rate ?? 0;
    for (let s = 1; s < fast.winners.length; s++) {
      const subset = table.envs.filter((_, e) => (s >> e) & 1);
      const w = fast.winners[s];
      // a winner shows skill on its subset
      if (w >= 0) assert.ok(subset.some((env) => rate(table.miners[w], env) > 0), context);
      if (active.length > 0 && active.every((m) => subset.every((env) => rate(m, env) === 0))) {
        noSkill++;
      }
    }
    if (active.length > 0 && active.every((m) => table.envs.every((env) => rate(m, env) === 0))) {
      allZeroTables++;
    }
  }
  // the generator must exercise both outcomes and the zero-skill rule, or the comparison
  // proves little
  assert.ok(withWinner > 10000 && withoutWinner > 10000, `${withWinner} ${withoutWinner}`);
  assert.ok(noSkill > 10000 && allZeroTables > 500, `${noSkill} ${allZeroTables}`);
});

Deno.test("scoreTable() gives later copies of the leader nothing and leaves points unchanged", () => {
  const rng = createRng(7);
  for (let i = 0; i < 300; i++) {
    const { table, options } = randomCase(rng);
    const before = scoreTable(table, options);
    const active = before.miners.filter((m) => m.hasResults);
    if (active.length === 0) continue;
    const leaderUid = active.reduce((a, b) => (b.points > a.points ? b : a)).uid;
    const leader = table.miners.find((m) => m.uid === leaderUid)!;
    const lastBlock = Math.max(...table.miners.map((m) => m.firstBlock));
    const copies: MinerResults[] = Array.from({ length: rng.int(1, 3) }, (_, c) => ({
      uid: 100 + c,
      hotkey: `copy-${c}`,
      firstBlock: lastBlock + rng.int(0, 2), // equal blocks lose on the higher uid
      results: { ...leader.results },
    }));
    const after = scoreTable({ envs: table.envs, miners: [...table.miners, ...copies] }, options);
    const pts = pointsByUid(after);
    for (const c of copies) assert.equal(pts.get(c.uid), 0);
    assert.equal(pts.get(leaderUid), pointsByUid(before).get(leaderUid));
    // nobody else moves either
    for (const m of before.miners) assert.equal(pts.get(m.uid), m.points);
  }
});

Deno.test("50 later copies of a leader in a 2-env trade-off get weight 0 and the two point earners share all the weight", () => {
  const rng = createRng(29);
  for (let i = 0; i < 50; i++) {
    // x is better than y beyond any eps (> epsMax = 0.2) on "a", y better than x on "b"
    const hi = () => 0.7 + rng.uniform() * 0.3;
    const lo = (above: number) => rng.uniform() * (above - 0.23);
    const episodes = () => rng.int(1, 200);
    const ax = hi();
    const by = hi();
    const x: MinerResults = {
      uid: rng.int(0, 20),
      hotkey: "x",
      firstBlock: rng.int(0, 10),
      results: { a: { rate: ax, episodes: episodes() }, b: { rate: lo(by), episodes: episodes() } },
    };
    const y: MinerResults = {
      uid: 30 + rng.int(0, 20),
      hotkey: "y",
      firstBlock: rng.int(0, 10),
      results: { a: { rate: lo(ax), episodes: episodes() }, b: { rate: by, episodes: episodes() } },
    };
    const leader = rng.uniform() < 0.5 ? x : y;
    // later copies: same block or after (higher uid), rates within 0.019 < epsMin of the leader's
    const copies: MinerResults[] = Array.from({ length: 50 }, (_, c) => ({
      uid: 100 + c,
      hotkey: `copy-${c}`,
      firstBlock: leader.firstBlock + rng.int(0, 5),
      results: Object.fromEntries(
        Object.entries(leader.results).map(([env, r]) => {
          const jitter = rng.uniform() < 0.5 ? 0 : (rng.uniform() * 2 - 1) * 0.019;
          return [env, { rate: Math.min(1, Math.max(0, r.rate + jitter)), episodes: episodes() }];
        }),
      ),
    }));
    const table = { envs: ["a", "b"], miners: shuffle(rng, [x, y, ...copies]) };
    const options = { temperature: [0.25, 1, 10][rng.int(0, 2)] };
    const r = scoreTable(table, options);
    const context = JSON.stringify({ table, options });
    const byUid = new Map(r.miners.map((m) => [m.uid, m]));
    assert.equal(byUid.get(x.uid)!.points, 1, context); // {a}
    assert.equal(byUid.get(y.uid)!.points, 1, context); // {b}; {a, b} is a trade-off
    for (const c of copies) {
      assert.equal(byUid.get(c.uid)!.points, 0, context);
      assert.equal(byUid.get(c.uid)!.weight, 0, context);
    }
    assert.ok(Math.abs(byUid.get(x.uid)!.weight - 0.5) < 1e-15, context);
    assert.ok(Math.abs(byUid.get(y.uid)!.weight - 0.5) < 1e-15, context);
    const u16 = toU16Weights(r.miners);
    assert.deepEqual(u16.uids, [x.uid, y.uid], context);
    assert.deepEqual(u16.values, [U16_MAX, U16_MAX], context);
    const ref = scoreTableReference(table, options);
    for (const m of r.miners) assert.equal(ref.weights.get(m.uid), m.weight, context);
  }
});

Deno.test("scoreTable() lets a later miner better beyond eps on every env of S win S", () => {
  const rng = createRng(11);
  let checked = 0;
  for (let i = 0; i < 800; i++) {
    const k = rng.int(1, 6);
    const base = randomScoreTable(rng, { miners: rng.int(1, 8), envs: k }, {
      missingChance: 0.2,
      blockSpread: 5,
    });
    const subset = rng.int(1, (1 << k) - 1);
    const results: Record<string, { rate: number; episodes: number }> = {};
    let room = true;
    base.envs.forEach((env, e) => {
      const best = Math.max(...base.miners.map((m) => m.results[env]?.rate ?? 0));
      // eps never exceeds epsMax = 0.2; outside S the newcomer is worse or missing
      if ((subset >> e) & 1) {
        if (best <= 0.79) results[env] = { rate: best + 0.21, episodes: 50 };
        else room = false;
      } else if (rng.uniform() < 0.5) results[env] = { rate: 0, episodes: 50 };
    });
    if (!room) continue; // no room above the best
    const later: MinerResults = { uid: 999, hotkey: "new", firstBlock: 1e9, results };
    const r = scoreTable({ envs: base.envs, miners: [...base.miners, later] });
    const newcomer = r.miners.length - 1;
    checked++;
    for (let s = subset; s > 0; s = (s - 1) & subset) {
      assert.equal(r.winners[s], newcomer, JSON.stringify({ base, later, s }));
    }
  }
  assert.ok(checked > 100, `only ${checked} cases`);
});

Deno.test("scoreTable() never gives a subset to a miner worse everywhere than another", () => {
  const rng = createRng(13);
  let checked = 0;
  for (let i = 0; i < 300; i++) {
    const { table, options } = randomCase(rng);
    const strong = table.miners.find((m) =>
      table.envs.length > 0 && table.envs.every((env) => (m.results[env]?.rate ?? 0) > 0.5)
    );
    if (strong === undefined) continue;
    const epsMax = options.epsMax ?? 0.2;
    const results = Object.fromEntries(
      table.envs.map((env) => [env, {
        rate: Math.max(0, strong.results[env].rate - epsMax - 0.01),
        episodes: strong.results[env].episodes,
      }]),
    );
    // the weak miner committed first, so it would win every tie
    const weak: MinerResults = { uid: 500, hotkey: "weak", firstBlock: -1, results };
    const r = scoreTable({ envs: table.envs, miners: [weak, ...table.miners] }, options);
    assert.equal(r.miners[0].points, 0);
    assert.ok(!r.winners.includes(0));
    checked++;
  }
  assert.ok(checked > 30, `only ${checked} cases`);
});

Deno.test("scoreTable() gives the generalist the larger subsets, whoever committed first", () => {
  const rng = createRng(17);
  for (let i = 0; i < 200; i++) {
    const k = rng.int(3, 8);
    const envs = Array.from({ length: k }, (_, e) => `e${e}`);
    const special = rng.int(1, Math.floor((k - 1) / 2)); // fewer envs than the generalist's
    const specialist: Record<string, { rate: number; episodes: number }> = {};
    const generalist: Record<string, { rate: number; episodes: number }> = {};
    envs.forEach((env, e) => {
      specialist[env] = { rate: e < special ? 0.95 : 0.4, episodes: 50 };
      generalist[env] = { rate: 0.7, episodes: 50 };
    });
    const specFirst = rng.uniform() < 0.5;
    const r = scoreTable({
      envs,
      miners: [
        { uid: 0, hotkey: "spec", firstBlock: specFirst ? 1 : 2, results: specialist },
        { uid: 1, hotkey: "gen", firstBlock: specFirst ? 2 : 1, results: generalist },
      ],
    });
    const specMask = (1 << special) - 1;
    for (let s = 1; s < 1 << k; s++) {
      const expected = (s & ~specMask) === 0 ? 0 : (s & specMask) === 0 ? 1 : -1;
      assert.equal(r.winners[s], expected, `subset ${s}`);
    }
    assert.ok(r.miners[1].points > r.miners[0].points);
  }
});

Deno.test("scoreTable() points do not depend on the order of miners or environments", () => {
  const rng = createRng(19);
  for (let i = 0; i < 500; i++) {
    const { table, options } = randomCase(rng);
    const before = scoreTable(table, options);
    const permuted = { envs: shuffle(rng, table.envs), miners: shuffle(rng, table.miners) };
    const after = scoreTable(permuted, options);
    assert.deepEqual(pointsByUid(after), pointsByUid(before));
    assert.deepEqual(winnersByKey(after), winnersByKey(before));
    const w = new Map(after.miners.map((m) => [m.uid, m.weight]));
    for (const m of before.miners) assert.ok(Math.abs(w.get(m.uid)! - m.weight) < 1e-15);
  }
});

Deno.test("scoreTable() weights sum to 1 and u16 weights peak at 65535", () => {
  const rng = createRng(23);
  let checked = 0;
  for (let i = 0; i < 500; i++) {
    const { table, options } = randomCase(rng);
    const r = scoreTable(table, options);
    const sum = r.miners.reduce((s, m) => s + m.weight, 0);
    const u16 = toU16Weights(r.miners);
    assert.equal(r.burn, !r.miners.some((m) => m.points > 0));
    if (r.burn) {
      assert.equal(sum, 0);
      assert.deepEqual(u16.values, []);
      continue;
    }
    checked++;
    assert.ok(Math.abs(sum - 1) < 1e-12, `sum ${sum}`);
    assert.equal(Math.max(...u16.values), U16_MAX);
    assert.ok(u16.values.every((v) => Number.isInteger(v) && v > 0 && v <= U16_MAX));
    for (const m of r.miners) if (!m.hasResults) assert.equal(m.weight, 0);
    u16.uids.forEach((uid, j) => {
      assert.equal(u16.hotkeys[j], table.miners.find((m) => m.uid === uid)!.hotkey);
    });
  }
  assert.ok(checked > 200, `${checked}`);
});

Deno.test("zero-skill Sybils never change an existing miner's weight and get nothing", () => {
  const rng = createRng(41);
  let nonBurn = 0;
  for (let i = 0; i < 400; i++) {
    const { table, options } = randomCase(rng);
    const before = scoreTable(table, options);
    const sybils: MinerResults[] = Array.from({ length: rng.int(1, 20) }, (_, j) => ({
      uid: 1000 + j,
      hotkey: `sybil-${j}`,
      firstBlock: rng.int(0, 5), // earlier than anyone: the tie rule cannot help them either
      results: Object.fromEntries(table.envs.map((env) => [env, { rate: 0, episodes: 50 }])),
    }));
    const after = scoreTable({ envs: table.envs, miners: [...table.miners, ...sybils] }, options);
    const w = new Map(after.miners.map((m) => [m.uid, m.weight]));
    for (const m of before.miners) assert.ok(Math.abs(w.get(m.uid)! - m.weight) < 1e-12);
    for (const s of sybils) assert.equal(w.get(s.uid), 0);
    const burned = burnWeights(after, { uid: 65535, hotkey: "owner" });
    if (after.burn) assert.deepEqual(burned, [{ uid: 65535, hotkey: "owner", weight: 1 }]);
    else nonBurn++;
  }
  assert.ok(nonBurn > 100, `${nonBurn}`);
});

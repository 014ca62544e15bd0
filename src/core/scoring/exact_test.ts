import assert from "node:assert/strict";
import { decimalRational, exactRate, exceedsMargin } from "./exact.ts";
import { scoreTable } from "./score.ts";
import type { EnvResult } from "./types.ts";

function r(successes: number, episodes: number): EnvResult {
  return { rate: successes / episodes, episodes };
}

/** [a beyond b, b beyond a] */
function both(a: EnvResult | undefined, b: EnvResult | undefined, options = {}): boolean[] {
  return [exceedsMargin(a, b, options), exceedsMargin(b, a, options)];
}

Deno.test("decimalRational() and exactRate() read what the numbers say", () => {
  assert.deepEqual(decimalRational(0.2), [2n, 10n]);
  assert.deepEqual(decimalRational(1.5), [15n, 10n]);
  assert.deepEqual(decimalRational(0), [0n, 1n]);
  assert.deepEqual(decimalRational(3e-7), [3n, 10000000n]);
  assert.deepEqual(decimalRational(2e21), [2000000000000000000000n, 1n]);
  assert.throws(() => decimalRational(-1), /not a finite number/);
  assert.deepEqual(exactRate(r(43, 50)), [43n, 50n]);
  assert.deepEqual(exactRate({ rate: 0.86, episodes: 50 }), [43n, 50n]); // a file's decimal
  assert.deepEqual(exactRate({ rate: 0.123, episodes: 50 }), [123n, 1000n]); // not s/50
  assert.deepEqual(exactRate({ rate: 0.9, episodes: 10, successes: 9 }), [9n, 10n]);
  assert.deepEqual(exactRate(undefined), [0n, 1n]);
});

Deno.test("exceedsMargin() treats a difference equal to epsMax as within noise", () => {
  // n = 10: 0.9 vs 0.7 is exactly 0.2 = epsMax (1.5 sqrt(0.03) = 0.26 is clamped), although
  // 0.9 - 0.7 is 0.20000000000000007 in floats
  assert.ok(0.9 - 0.7 > 0.2);
  assert.deepEqual(both(r(9, 10), r(7, 10)), [false, false]);
  assert.deepEqual(both(r(9, 10), r(6, 10)), [true, false]); // 0.3 > 0.2
  // the tie goes to the first committer, whichever rate is higher
  const table = (first: number) => ({
    envs: ["a"],
    miners: [
      { uid: 0, hotkey: "h0", firstBlock: first, results: { a: r(9, 10) } },
      { uid: 1, hotkey: "h1", firstBlock: 500, results: { a: r(7, 10) } },
    ],
  });
  assert.deepEqual(scoreTable(table(1000)).miners.map((m) => m.points), [0, 1]);
  assert.deepEqual(scoreTable(table(100)).miners.map((m) => m.points), [1, 0]);
});

Deno.test("exceedsMargin() treats a difference equal to epsMin as within noise", () => {
  // n = 1000: 1.0 vs 0.98, 1.5 sqrt(0.98 * 0.02 / 1000) = 0.0066 is clamped up to 0.02, and
  // 1 - 0.98 is 0.020000000000000018 in floats
  assert.ok(1 - 0.98 > 0.02);
  assert.deepEqual(both(r(1000, 1000), r(980, 1000)), [false, false]);
  assert.deepEqual(both(r(1000, 1000), r(979, 1000)), [true, false]);
  // n = 50, unequal n: 50/50 against 49/50 is 0.02; with z = 0 eps is epsMin exactly
  assert.deepEqual(both(r(50, 50), r(49, 50), { z: 0 }), [false, false]);
  assert.deepEqual(both(r(10, 10), r(49, 50), { z: 0 }), [false, false]);
  assert.deepEqual(both(r(10, 10), r(48, 50), { z: 0 }), [true, false]);
});

Deno.test("exceedsMargin() treats a difference equal to z * standard error as within noise", () => {
  // 2/18 against a certain 0: diff 1/9, variance (1/9)(8/9)/18 = 4/729, 1.5^2 * 4/729 = (1/9)^2
  // exactly; eps 0.111 is inside [epsMin, epsMax] and decides alone (unequal n: 18 vs 50)
  assert.deepEqual(both(r(2, 18), r(0, 50)), [false, false]);
  assert.deepEqual(both(r(2, 18), undefined), [false, false]); // missing counts as a certain 0
  assert.deepEqual(both(r(3, 18), r(0, 50)), [true, false]);
  // z = 2: 1/4 over 12 episodes against 0 is on the margin too (epsMax raised to let it decide)
  assert.deepEqual(both(r(3, 12), undefined, { z: 2, epsMax: 0.5 }), [false, false]);
  assert.deepEqual(both(r(4, 12), undefined, { z: 2, epsMax: 0.5 }), [true, false]);
});

Deno.test("exceedsMargin() never separates equal rates, at any n", () => {
  for (const n of [1, 10, 50]) {
    for (let s = 0; s <= n; s++) {
      assert.deepEqual(both(r(s, n), r(s, n), { z: 0, epsMin: 0, epsMax: 0 }), [false, false]);
      assert.deepEqual(both(r(s, n), r(2 * s, 2 * n)), [false, false]); // same rate, unequal n
    }
  }
});

Deno.test("exceedsMargin() at n = 1, 10 and 50 agrees with the definition on every pair of counts", () => {
  // the definition in exact rational arithmetic, written out in bigints per pair
  const cases = [[1, 1], [10, 10], [50, 50], [1, 10], [10, 50], [50, 1]];
  for (const [na, nb] of cases) {
    for (let sa = 0; sa <= na; sa++) {
      for (let sb = 0; sb <= nb; sb++) {
        const A = BigInt(sa), NA = BigInt(na), B = BigInt(sb), NB = BigInt(nb);
        const D = A * NB - B * NA; // diff = D / (NA NB)
        const den = NA * NB;
        // diff > 0.2, diff > 0.02, diff^2 > 2.25 (va + vb)
        const overMax = D * 10n > 2n * den;
        const overMin = D * 100n > 2n * den;
        // diff^2 = D^2 / den^2; va + vb = (A(NA-A) NB^3 + B(NB-B) NA^3) / (NA^3 NB^3)
        const overZ = D > 0n &&
          D * D * NA * NB * 4n > 9n * (A * (NA - A) * NB ** 3n + B * (NB - B) * NA ** 3n);
        const expected = D > 0n && (overMax || (overMin && overZ));
        assert.equal(exceedsMargin(r(sa, na), r(sb, nb)), expected, `${sa}/${na} vs ${sb}/${nb}`);
      }
    }
  }
});

Deno.test("scoreTable() decides margin boundaries exactly, as the exact comparison does", () => {
  // every pair of counts at n = 10 on one env: the fast path's float filter must agree
  for (let sa = 0; sa <= 10; sa++) {
    for (let sb = 0; sb <= 10; sb++) {
      const res = scoreTable({
        envs: ["a"],
        miners: [
          { uid: 0, hotkey: "h0", firstBlock: 2, results: { a: r(sa, 10) } },
          { uid: 1, hotkey: "h1", firstBlock: 1, results: { a: r(sb, 10) } },
        ],
      });
      // uid 1 committed first: uid 0 wins {a} only beyond noise (and uid 1 may be idle)
      const expected = exceedsMargin(r(sa, 10), r(sb, 10)) || (sb === 0 && sa > 0)
        ? 0
        : sb > 0
        ? 1
        : -1;
      assert.equal(res.winners[1], expected, `${sa} vs ${sb}`);
    }
  }
});

Deno.test("scoreTable() rejects successes that do not match the rate", () => {
  const bad = { rate: 0.5, episodes: 10, successes: 4 };
  assert.throws(
    () =>
      scoreTable({
        envs: ["a"],
        miners: [{ uid: 0, hotkey: "h", firstBlock: 1, results: { a: bad } }],
      }),
    /"4" successes of "10" episodes at rate "0.5"/,
  );
});

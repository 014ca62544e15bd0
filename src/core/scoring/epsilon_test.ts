import assert from "node:assert/strict";
import { pairEpsilon, rateVariance } from "./epsilon.ts";

function assertClose(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) < 1e-15, `${actual} != ${expected}`);
}

Deno.test("pairEpsilon() is z times the two-proportion standard error", () => {
  const eps = pairEpsilon({ rate: 0.9, episodes: 50 }, { rate: 0.5, episodes: 50 });
  assertClose(eps, 1.5 * Math.sqrt(0.9 * 0.1 / 50 + 0.5 * 0.5 / 50));
  assert.ok(Math.abs(eps - 0.12369) < 1e-5);
});

Deno.test("pairEpsilon() uses each side's own episode count", () => {
  const eps = pairEpsilon({ rate: 0.5, episodes: 10 }, { rate: 0.5, episodes: 1000 });
  assert.equal(eps, 0.2); // 1.5 * sqrt(0.025 + 0.00025) = 0.238 -> clamped
  const eps2 = pairEpsilon({ rate: 0.5, episodes: 100 }, { rate: 0.5, episodes: 1000 });
  assertClose(eps2, 1.5 * Math.sqrt(0.25 / 100 + 0.25 / 1000));
});

Deno.test("pairEpsilon() clamps to [epsMin, epsMax]", () => {
  assert.equal(pairEpsilon({ rate: 1, episodes: 50 }, { rate: 0, episodes: 50 }), 0.02);
  assert.equal(pairEpsilon({ rate: 0.5, episodes: 2 }, { rate: 0.5, episodes: 2 }), 0.2);
  const opts = { z: 2, epsMin: 0.05, epsMax: 0.1 };
  assert.equal(pairEpsilon({ rate: 1, episodes: 50 }, { rate: 1, episodes: 50 }, opts), 0.05);
  assert.equal(pairEpsilon({ rate: 0.5, episodes: 50 }, { rate: 0.5, episodes: 50 }, opts), 0.1);
});

Deno.test("pairEpsilon() is symmetric and treats a missing result as a certain 0", () => {
  const a = { rate: 0.37, episodes: 23 };
  const b = { rate: 0.81, episodes: 41 };
  assert.equal(pairEpsilon(a, b), pairEpsilon(b, a));
  assert.equal(rateVariance(undefined), 0);
  assertClose(pairEpsilon(a, undefined), 1.5 * Math.sqrt(0.37 * 0.63 / 23));
  assert.equal(pairEpsilon(undefined, undefined), 0.02);
});

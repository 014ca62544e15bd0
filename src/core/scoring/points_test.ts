import assert from "node:assert/strict";
import { softmaxWeights, subsetPoints } from "./points.ts";

Deno.test("subsetPoints() follows the scheme", () => {
  assert.deepEqual([1, 2, 3, 8].map((s) => subsetPoints(s)), [1, 2, 3, 8]);
  assert.deepEqual([1, 2, 3, 8].map((s) => subsetPoints(s, "exponential")), [1, 2, 4, 128]);
  assert.deepEqual([1, 2, 3, 8].map((s) => subsetPoints(s, "equal")), [1, 1, 1, 1]);
  assert.throws(() => subsetPoints(0), RangeError);
  assert.throws(() => subsetPoints(1.5), RangeError);
});

Deno.test("softmaxWeights() sums to 1 and follows the temperature", () => {
  const w = softmaxWeights([10, 5, 3]);
  assert.ok(Math.abs(w.reduce((s, x) => s + x, 0) - 1) < 1e-15);
  const e = [1, Math.exp(-5), Math.exp(-7)];
  const sum = e[0] + e[1] + e[2];
  w.forEach((x, i) => assert.ok(Math.abs(x - e[i] / sum) < 1e-15));
  const hot = softmaxWeights([10, 5, 3], { temperature: 100 });
  assert.ok(hot[0] < w[0] && hot[2] > w[2]);
  assert.deepEqual(softmaxWeights([0, 0, 0, 0]), [0.25, 0.25, 0.25, 0.25]);
});

Deno.test("softmaxWeights() gives excluded entries 0 and no share", () => {
  const w = softmaxWeights([4, 4, 100], { include: [true, true, false] });
  assert.deepEqual(w, [0.5, 0.5, 0]);
  assert.deepEqual(softmaxWeights([1, 2], { include: [false, false] }), [0, 0]);
  assert.deepEqual(softmaxWeights([]), []);
});

Deno.test("softmaxWeights() rejects a temperature that is not > 0", () => {
  for (const temperature of [0, -1, NaN, Infinity]) {
    assert.throws(() => softmaxWeights([1], { temperature }), RangeError);
  }
});

Deno.test("softmaxWeights() does not overflow on large points", () => {
  const w = softmaxWeights([524288, 524287, 0]);
  assert.ok(w.every(Number.isFinite));
  assert.ok(Math.abs(w[0] / w[1] - Math.E) < 1e-12);
});

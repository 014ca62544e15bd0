import assert from "node:assert/strict";
import { wilsonInterval } from "./wilson.ts";

Deno.test("wilsonInterval() matches published 95% intervals", () => {
  // Newcombe (1998), table I: 81/263 -> 0.2553-0.3662; 15/148 -> 0.0624-0.1605
  const a = wilsonInterval(81, 263);
  assert.ok(Math.abs(a.low - 0.2553) < 1e-4 && Math.abs(a.high - 0.3662) < 1e-4, `${a.low}`);
  const b = wilsonInterval(15, 148);
  assert.ok(Math.abs(b.low - 0.0624) < 1e-4 && Math.abs(b.high - 0.1605) < 1e-4, `${b.low}`);
});

Deno.test("wilsonInterval() stays inside [0, 1] and contains the rate", () => {
  for (const n of [1, 2, 3, 10, 50, 500]) {
    for (let k = 0; k <= n; k++) {
      const { low, high } = wilsonInterval(k, n);
      assert.ok(low >= 0 && high <= 1 && low <= k / n && k / n <= high, `${k}/${n}`);
    }
  }
  assert.deepEqual(wilsonInterval(0, 10).low, 0);
  assert.deepEqual(wilsonInterval(10, 10).high, 1);
  assert.deepEqual(wilsonInterval(0, 0), { low: 0, high: 1 });
});

Deno.test("wilsonInterval() narrows with more trials and refuses bad counts", () => {
  const w10 = wilsonInterval(5, 10);
  const w100 = wilsonInterval(50, 100);
  assert.ok(w100.high - w100.low < w10.high - w10.low);
  assert.throws(() => wilsonInterval(11, 10), RangeError);
  assert.throws(() => wilsonInterval(-1, 10), RangeError);
  assert.throws(() => wilsonInterval(0.5, 10), RangeError);
});

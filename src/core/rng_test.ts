import assert from "node:assert/strict";
import { createRng } from "./mod.ts";

Deno.test("createRng(): the first draws of nearby seeds are spread over [0, 1)", () => {
  for (
    const draw of [
      (s: number) => createRng(s).uniform(),
      (s: number) => createRng(s).fork().uniform(),
    ]
  ) {
    const xs = Array.from({ length: 200 }, (_, s) => draw(s));
    const bins = new Array(10).fill(0);
    for (const x of xs) bins[Math.floor(x * 10)]++;
    // 200 draws over 10 bins: each bin holds about 20; a clumped generator fills one or two.
    assert.ok(bins.every((b) => b >= 5 && b <= 40), `bins ${bins}`);
  }
});

Deno.test("createRng(): the same seed gives the same stream, forks are independent", () => {
  const a = createRng(42);
  const b = createRng(42);
  assert.deepEqual([a.uniform(), a.uniform()], [b.uniform(), b.uniform()]);
  const r = createRng(7);
  const f1 = r.fork();
  const f2 = r.fork();
  assert.notEqual(f1.uniform(), f2.uniform());
});

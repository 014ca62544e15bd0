import assert from "node:assert/strict";
import { boundedNumber, cleanText, isStorable, plainId, safeText } from "./bounds.ts";

Deno.test("cleanText() removes NUL, repairs unpaired surrogates and never splits a pair", () => {
  assert.equal(cleanText("a\u0000b"), "ab");
  assert.equal(cleanText("\uD800x\uDC00"), "\uFFFDx\uFFFD");
  assert.equal(cleanText("ok \u{1F600}"), "ok \u{1F600}");
  // cutting inside a surrogate pair leaves no lone half
  assert.equal(cleanText("ab\u{1F600}", 3), "ab\uFFFD");
  assert.ok(isStorable(cleanText("\u0000\uDFFF\uD83D")));
});

Deno.test("safeText() cleans instead of refusing; plainId() refuses NUL, controls and lone surrogates", () => {
  assert.equal(safeText(10).parse("x\u0000y"), "xy");
  assert.equal(safeText(3).safeParse("toolong").success, false);
  for (const bad of ["a\u0000", "a\nb", "\uD800", ""]) {
    assert.equal(plainId(64).safeParse(bad).success, false, JSON.stringify(bad));
  }
  assert.equal(plainId(64).parse("metaworld/reach-v4"), "metaworld/reach-v4");
});

Deno.test("boundedNumber() refuses non-finite and out-of-range numbers", () => {
  const n = boundedNumber(-1e6, 1e6);
  for (const bad of [1e308, -1e308, Infinity, NaN, 1e6 + 1]) {
    assert.equal(n.safeParse(bad).success, false, String(bad));
  }
  assert.equal(n.parse(-1e6), -1e6);
});

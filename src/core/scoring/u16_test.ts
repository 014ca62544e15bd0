import assert from "node:assert/strict";
import { toU16Weights, U16_MAX } from "./u16.ts";

Deno.test("toU16Weights() scales the largest to 65535 and rounds the rest", () => {
  const w = toU16Weights([
    { uid: 3, hotkey: "c", weight: 0.25 },
    { uid: 1, hotkey: "a", weight: 0.5 },
    { uid: 2, hotkey: "b", weight: 0.25 },
  ]);
  assert.deepEqual(w, { uids: [1, 2, 3], hotkeys: ["a", "b", "c"], values: [65535, 32768, 32768] });
  assert.equal(Math.max(...w.values), U16_MAX);
});

Deno.test("toU16Weights() drops weights that round to 0", () => {
  const w = toU16Weights([
    { uid: 0, hotkey: "a", weight: 1 },
    { uid: 1, hotkey: "b", weight: 0 },
    { uid: 2, hotkey: "c", weight: 1 / 200000 },
    { uid: 3, hotkey: "d", weight: 1 / 100000 },
  ]);
  assert.deepEqual(w, { uids: [0, 3], hotkeys: ["a", "d"], values: [65535, 1] });
});

Deno.test("toU16Weights() of nothing or all zeros is empty", () => {
  const empty = { uids: [], hotkeys: [], values: [] };
  assert.deepEqual(toU16Weights([]), empty);
  assert.deepEqual(toU16Weights([{ uid: 0, hotkey: "a", weight: 0 }]), empty);
});

Deno.test("toU16Weights() rejects bad weights and repeated uids", () => {
  assert.throws(() => toU16Weights([{ uid: 0, hotkey: "a", weight: -1 }]), RangeError);
  assert.throws(() => toU16Weights([{ uid: 0, hotkey: "a", weight: NaN }]), RangeError);
  assert.throws(
    () => toU16Weights([{ uid: 0, hotkey: "a", weight: 1 }, { uid: 0, hotkey: "b", weight: 1 }]),
    /uid "0" appears twice/,
  );
});

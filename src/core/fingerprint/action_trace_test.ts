import assert from "node:assert/strict";
import { ActionTrace, FINGERPRINT_REGEXP } from "./action_trace.ts";

async function digestOf(steps: (number[] | null)[]): Promise<string | null> {
  const t = new ActionTrace();
  for (const s of steps) s === null ? t.miss() : t.action(s);
  return await t.digest();
}

Deno.test("ActionTrace.digest() is SHA-256 of the documented encoding", async () => {
  const d = await digestOf([[0.5, -0.25, 0, 1], null]);
  assert.match(d!, FINGERPRINT_REGEXP);
  // 0x01, length 4, int32 LE of 5000, -2500, 0, 10000, then 0x00 for the miss
  const bytes = new Uint8Array(2 + 16 + 1);
  const view = new DataView(bytes.buffer);
  bytes[0] = 1;
  bytes[1] = 4;
  [5000, -2500, 0, 10000].forEach((v, i) => view.setInt32(2 + 4 * i, v, true));
  bytes[18] = 0;
  const expected = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  assert.equal(d, [...expected].map((b) => b.toString(16).padStart(2, "0")).join(""));
});

Deno.test("ActionTrace.digest() rounds to 1e-4 and tells misses and actions apart", async () => {
  const base = await digestOf([[0.1, 0.2], [0.3, 0.4]]);
  assert.equal(await digestOf([[0.10001, 0.2], [0.3, 0.40004]]), base); // below the precision
  assert.notEqual(await digestOf([[0.1002, 0.2], [0.3, 0.4]]), base);
  assert.notEqual(await digestOf([[0.1, 0.2], null, [0.3, 0.4]]), base); // a missed step
  assert.notEqual(await digestOf([[0.1, 0.2]]), base);
  assert.notEqual(await digestOf([[0.3, 0.4], [0.1, 0.2]]), base); // order matters
  assert.equal(await digestOf([[-0.00001, 0]]), await digestOf([[0, 0]])); // -0 is 0
  // a long trace grows the buffer
  const long = Array.from({ length: 600 }, (_, i) => [i / 600, -i / 600, 0.5, 0]);
  assert.match((await digestOf(long))!, FINGERPRINT_REGEXP);
});

Deno.test("ActionTrace.digest() is null when no /act was answered", async () => {
  assert.equal(await digestOf([]), null);
  assert.equal(await digestOf([null, null]), null);
});

Deno.test("ActionTrace.digest() is null for a constant trace: idle policies never match", async () => {
  const idle = [[0, 0, 0, -1], [0, 0, 0, -1], null, [0, 0, 0, -1]];
  assert.equal(await digestOf(idle), null);
  assert.equal(await digestOf([[0, 0, 0, 0], [0.00001, 0, 0, 0]]), null); // equal once rounded
  // one different action is enough to fingerprint the trace
  assert.match((await digestOf([[0, 0, 0, -1], [0, 0, 0.5, -1]]))!, FINGERPRINT_REGEXP);
  // a single answer is not "constant": it is hashed
  assert.match((await digestOf([[0, 0, 0, -1]]))!, FINGERPRINT_REGEXP);
});

import assert from "node:assert/strict";
import { encodeNpy, npyHeader } from "./npy.ts";

Deno.test("npyHeader: 64-byte aligned, padded to a reserved size, refused when it cannot fit", () => {
  const natural = npyHeader("|u1", [5000, 84, 84, 3]);
  assert.equal(natural.length % 64, 0);
  assert.equal(natural.at(-1), 0x0a, "ends with a newline");
  // The largest row count still fits the same 128 bytes: streamed shards reserve it.
  assert.equal(npyHeader("|u1", [Number.MAX_SAFE_INTEGER, 84, 84, 3]).length, natural.length);
  const padded = npyHeader("<i8", [3], 192);
  assert.equal(padded.length, 192);
  assert.equal(new DataView(padded.buffer).getUint16(8, true), 182);
  assert.match(new TextDecoder().decode(padded.subarray(10)), /'shape': \(3,\), \} +\n$/);
  assert.throws(() => npyHeader("|u1", [1, 2], 64 + 1), RangeError);
  assert.throws(
    () => npyHeader("|u1", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14], 64),
    RangeError,
  );
  assert.deepEqual([...encodeNpy(Uint8Array.of(7), "|u1", [1]).subarray(-1)], [7]);
});

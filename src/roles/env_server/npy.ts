/** Writes NumPy `.npy` files (format 1.0), loadable with `numpy.load` (memory-mappable). */

/** dtypes written. */
export type NpyDtype = "|u1" | "<f4" | "<i8" | "<i4" | "|b1";

/** The bytes of an `.npy` file holding `data` with `shape` (C order). */
export function encodeNpy(data: Uint8Array, dtype: NpyDtype, shape: readonly number[]): Uint8Array {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(", ");
  let header = `{'descr': '${dtype}', 'fortran_order': False, 'shape': (${dims}), }`;
  const total = 10 + header.length + 1;
  header += " ".repeat((64 - total % 64) % 64) + "\n";
  const out = new Uint8Array(10 + header.length + data.length);
  out.set([0x93, ...new TextEncoder().encode("NUMPY"), 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(data, 10 + header.length);
  return out;
}

/** Bytes of a typed array (little-endian on every platform Deno runs on). */
export function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

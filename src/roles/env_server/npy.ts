/** Writes NumPy `.npy` files (format 1.0), loadable with `numpy.load` (memory-mappable). */

/** dtypes written. */
export type NpyDtype = "|u1" | "<f4" | "<i8" | "<i4" | "|b1";

/**
 * The header of an `.npy` file of `dtype` and `shape` (C order); the raw data follows it.
 * `bytes` (a multiple of 64, at least the natural size) pads it to that length.
 */
export function npyHeader(dtype: NpyDtype, shape: readonly number[], bytes = 0): Uint8Array {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(", ");
  let header = `{'descr': '${dtype}', 'fortran_order': False, 'shape': (${dims}), }`;
  const total = 10 + header.length + 1;
  const natural = total + (64 - total % 64) % 64;
  if (bytes % 64 !== 0 || (bytes > 0 && bytes < natural)) {
    throw new RangeError(`Cannot fit an .npy header of ${natural} bytes in ${bytes}`);
  }
  header += " ".repeat(Math.max(bytes, natural) - total) + "\n";
  const out = new Uint8Array(10 + header.length);
  out.set([0x93, ...new TextEncoder().encode("NUMPY"), 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  return out;
}

/** The bytes of an `.npy` file holding `data` with `shape` (C order). */
export function encodeNpy(data: Uint8Array, dtype: NpyDtype, shape: readonly number[]): Uint8Array {
  const header = npyHeader(dtype, shape);
  const out = new Uint8Array(header.length + data.length);
  out.set(header);
  out.set(data, header.length);
  return out;
}

/** Bytes of a typed array (little-endian on every platform Deno runs on). */
export function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

import { concatBytes } from "@noble/hashes/utils.js";

/** The weights a timelocked commit carries (subtensor's `WeightsTlockPayload`). */
export interface WeightsPayload {
  /** The committing hotkey's 32-byte public key; the chain drops a commit whose key differs. */
  hotkey: Uint8Array;
  uids: number[];
  /** u16 weights, one per uid. */
  values: number[];
  /** u64 weights version key. */
  versionKey: bigint;
}

/**
 * SCALE encoding of `WeightsTlockPayload { hotkey: Vec<u8>, uids: Vec<u16>, values: Vec<u16>,
 * version_key: u64 }`: compact-length vectors, little-endian integers. This is the plaintext
 * of a timelocked weights commit.
 *
 * @throws {RangeError} for a hotkey that is not 32 bytes, unequal lengths, or a value that is
 *   not a u16 (uids, values) or u64 (version key)
 */
export function encodeWeightsPayload(p: WeightsPayload): Uint8Array {
  if (p.hotkey.length !== 32) {
    throw new RangeError(`Cannot encode weights: the hotkey has ${p.hotkey.length} bytes, not 32`);
  }
  if (p.uids.length !== p.values.length) {
    throw new RangeError(
      `Cannot encode weights: ${p.uids.length} uids but ${p.values.length} values`,
    );
  }
  for (const [name, list] of [["uid", p.uids], ["value", p.values]] as const) {
    const bad = list.find((x) => !Number.isInteger(x) || x < 0 || x > 0xffff);
    if (bad !== undefined) {
      throw new RangeError(`Cannot encode weights: ${name} "${bad}" is not a u16`);
    }
  }
  if (p.versionKey < 0n || p.versionKey > 0xffff_ffff_ffff_ffffn) {
    throw new RangeError(`Cannot encode weights: version key "${p.versionKey}" is not a u64`);
  }
  const n = p.uids.length;
  const parts = [
    compact(32),
    p.hotkey,
    compact(n),
    u16s(p.uids),
    compact(n),
    u16s(p.values),
  ];
  const version = new Uint8Array(8);
  new DataView(version.buffer).setBigUint64(0, p.versionKey, true);
  parts.push(version);
  return concatBytes(...parts);
}

function u16s(list: number[]): Uint8Array {
  const out = new Uint8Array(list.length * 2);
  const view = new DataView(out.buffer);
  list.forEach((x, i) => view.setUint16(2 * i, x, true));
  return out;
}

/** SCALE compact encoding of a length (< 2^30, which every vector here is). */
function compact(n: number): Uint8Array {
  if (n < 1 << 6) return Uint8Array.of(n << 2);
  if (n < 1 << 14) return Uint8Array.of(((n << 2) | 1) & 0xff, n >> 6);
  if (n < 1 << 30) {
    const out = new Uint8Array(4);
    new DataView(out.buffer).setUint32(0, ((n << 2) | 2) >>> 0, true);
    return out;
  }
  throw new RangeError(`Cannot encode weights: ${n} entries is too many`);
}

/**
 * Decodes what {@link encodeWeightsPayload} writes (as the chain does when it reveals).
 *
 * @throws {RangeError} naming the field when the bytes are not a complete payload
 */
export function decodeWeightsPayload(bytes: Uint8Array): WeightsPayload {
  let at = 0;
  const need = (n: number, what: string) => {
    if (at + n > bytes.length) {
      throw new RangeError(`Cannot decode weights payload: it ends inside ${what}`);
    }
    const out = bytes.subarray(at, at + n);
    at += n;
    return out;
  };
  const length = (what: string): number => {
    const first = need(1, `the length of ${what}`)[0];
    const mode = first & 3;
    if (mode === 0) return first >> 2;
    if (mode === 1) return ((need(1, `the length of ${what}`)[0] << 8) | first) >> 2;
    if (mode === 2) {
      const rest = need(3, `the length of ${what}`);
      return ((rest[2] << 24) | (rest[1] << 16) | (rest[0] << 8) | first) >>> 2;
    }
    throw new RangeError(`Cannot decode weights payload: the length of ${what} is too large`);
  };
  const u16s = (what: string): number[] => {
    const n = length(what);
    const raw = need(2 * n, what);
    return Array.from({ length: n }, (_, i) => raw[2 * i] | (raw[2 * i + 1] << 8));
  };
  const hotkey = need(length("hotkey"), "hotkey").slice();
  const uids = u16s("uids");
  const values = u16s("values");
  const versionKey = new DataView(need(8, "version_key").slice().buffer).getBigUint64(0, true);
  if (at !== bytes.length) {
    throw new RangeError(`Cannot decode weights payload: ${bytes.length - at} bytes follow it`);
  }
  return { hotkey, uids, values, versionKey };
}

/**
 * Digest of the action sequence a miner returned in one episode. Two deterministic copies of one
 * policy (or a proxy forwarding to it) answer the same paired scenes with the same actions and
 * so have the same digest; see `docs/scoring.md`, "Duplicate policies".
 *
 * Encoding, fed to SHA-256: per `/act` call, in order, either
 * - an answered call: byte `0x01`, the action length as one byte, then each component rounded
 *   to {@link FINGERPRINT_PRECISION} (`Math.round(x / 1e-4)`) as a little-endian int32; or
 * - a missed call (timeout, error, bad action): byte `0x00`.
 *
 * A constant trace (two or more answered calls, all with the same rounded action) has no
 * digest: any two do-nothing or fixed-action policies would match, so it says nothing about
 * who copied whom.
 */

/** Rounding step of action components in the fingerprint. */
export const FINGERPRINT_PRECISION = 1e-4;

/** Length of a fingerprint: SHA-256 as lower-case hex. */
export const FINGERPRINT_HEX_LENGTH = 64;

/** A fingerprint: 64 lower-case hex digits. */
export const FINGERPRINT_REGEXP = /^[0-9a-f]{64}$/;

const SCALE = 1 / FINGERPRINT_PRECISION;
const INT32_LIMIT = 2 ** 31 - 1;

/** Accumulates one episode's actions; {@link ActionTrace.digest} hashes them. */
export class ActionTrace {
  #bytes = new Uint8Array(256);
  #view = new DataView(this.#bytes.buffer);
  #length = 0;
  #answered = 0;
  /** Encoded bytes of the first answered action, and whether a later one differed. */
  #first: Uint8Array | null = null;
  #varied = false;

  /** Records an answered `/act` (the action as the miner returned it). */
  action(values: ArrayLike<number>): void {
    this.#reserve(2 + 4 * values.length);
    const start = this.#length;
    this.#bytes[this.#length++] = 1;
    this.#bytes[this.#length++] = Math.min(values.length, 255);
    for (let i = 0; i < values.length && i < 255; i++) {
      const q = Math.round(values[i] * SCALE);
      // non-finite or huge values (rejected as bad actions anyway) clamp instead of wrapping
      const v = q > INT32_LIMIT ? INT32_LIMIT : q < -INT32_LIMIT ? -INT32_LIMIT : q | 0;
      this.#view.setInt32(this.#length, v, true);
      this.#length += 4;
    }
    this.#answered++;
    const encoded = this.#bytes.subarray(start, this.#length);
    if (this.#first === null) this.#first = encoded.slice();
    else if (!this.#varied && !sameBytes(this.#first, encoded)) this.#varied = true;
  }

  /** Records a missed `/act`. */
  miss(): void {
    this.#reserve(1);
    this.#bytes[this.#length++] = 0;
  }

  /** Answered calls so far. */
  get answered(): number {
    return this.#answered;
  }

  /**
   * SHA-256 of the encoded trace as lower-case hex, or null when no call was answered (a
   * trace of misses says nothing about the policy and must not match other dead miners) or the
   * trace is constant (two or more answers, all the same action: any two idle policies match).
   */
  async digest(): Promise<string | null> {
    if (this.#answered === 0 || (this.#answered >= 2 && !this.#varied)) return null;
    const hash = await crypto.subtle.digest("SHA-256", this.#bytes.slice(0, this.#length));
    let hex = "";
    for (const b of new Uint8Array(hash)) hex += b.toString(16).padStart(2, "0");
    return hex;
  }

  #reserve(n: number): void {
    if (this.#length + n <= this.#bytes.length) return;
    const grown = new Uint8Array(Math.max(this.#bytes.length * 2, this.#length + n));
    grown.set(this.#bytes.subarray(0, this.#length));
    this.#bytes = grown;
    this.#view = new DataView(grown.buffer);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

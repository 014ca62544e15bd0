/**
 * Timelock encryption to a drand round, byte-compatible with the Rust `tle` crate
 * (`TLECiphertext<TinyBLS381>` with `AESGCMStreamCipherProvider`, arkworks compressed
 * serialization) that subtensor uses to open commit-reveal v3 weight commits, plus the
 * payload those commits carry and the reveal round the Python SDK targets.
 *
 * Scheme (Boneh–Franklin FullIdent on BLS12-381, signatures on G1, public key on G2):
 * draw `sigma` and an AES-256 key `esk`; `r = Fr(sha256(sigma ‖ esk))`; `U = r·G2`;
 * `v = sigma ⊕ sha256(ser(e(r·Q_id, PK)))`; `w = esk ⊕ sha256(sigma)`; the message is sealed
 * with AES-256-GCM under `esk`. The round's pulse `sig = sk·Q_id` gives
 * `e(sig, U) = e(r·Q_id, PK)`, hence `sigma`, `esk` and the message.
 *
 * @module
 */
import { gcm } from "@noble/ciphers/aes.js";
import { bls12_381 } from "@noble/curves/bls12-381.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { concatBytes as concat } from "@noble/hashes/utils.js";
import { KinitroError } from "../errors/mod.ts";
import {
  bytesToHex,
  DRAND_QUICKNET,
  publicKeyPoint,
  roundIdentity,
  signaturePoint,
} from "./drand.ts";

export {
  decodeWeightsPayload,
  encodeWeightsPayload,
  type WeightsPayload,
} from "./weights_payload.ts";
export { revealRound, type RevealRoundParams } from "./reveal_round.ts";

/** A ciphertext that cannot be opened: wrong pulse, damaged bytes or an unknown format. */
export class TimelockError extends KinitroError {
  constructor(
    /** `wrong-signature`, `malformed` or `damaged`. */
    readonly reason: "wrong-signature" | "malformed" | "damaged",
    message: string,
    options?: ErrorOptions,
  ) {
    super("invalid_request", message, options);
  }
}

/** Options of {@link timelockEncrypt}. */
export interface TimelockEncryptOptions {
  /** The beacon's compressed G2 public key. @default drand quicknet's */
  publicKey?: Uint8Array;
  /** Source of the 76 random bytes (sigma, key, nonce). @default crypto.getRandomValues */
  randomBytes?: (n: number) => Uint8Array;
}

/** `"AES_GCM_"`: the cipher suite tag `tle` writes after the body. */
const CIPHER_SUITE = new TextEncoder().encode("AES_GCM_");
const G2_BYTES = 96;
const HASH_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/**
 * Bytes a ciphertext adds to its message (244): `U`, `v` and `w` with their lengths, the body's
 * length, the AES-GCM ciphertext's length and tag, the nonce and the cipher suite with theirs.
 */
export const TIMELOCK_OVERHEAD_BYTES = G2_BYTES + (8 + HASH_BYTES) * 2 + 8 + (8 + TAG_BYTES) +
  (8 + NONCE_BYTES) + (8 + CIPHER_SUITE.length);

const G2 = bls12_381.G2.Point;
const Fr = bls12_381.fields.Fr;

interface PreparedKey {
  lines: ReturnType<typeof bls12_381.utils.calcPairingPrecomputes>;
}
const preparedKeys = new Map<string, PreparedKey>();

/** Pairing precomputes of the public key: encryption pairs every round with the same key. */
function prepareKey(publicKey: Uint8Array): PreparedKey {
  const id = bytesToHex(publicKey);
  let prepared = preparedKeys.get(id);
  if (!prepared) {
    let point;
    try {
      point = publicKeyPoint(publicKey);
    } catch (err) {
      throw new RangeError(
        `Cannot encrypt to beacon key "${id.slice(0, 16)}…": not a compressed G2 point`,
        { cause: err },
      );
    }
    prepared = { lines: bls12_381.utils.calcPairingPrecomputes(point) };
    if (preparedKeys.size >= 4) preparedKeys.clear();
    preparedKeys.set(id, prepared);
  }
  return prepared;
}

/**
 * Encrypts `message` so that it opens only with the beacon's pulse for `round`. Returns the
 * serialized `TLECiphertext` exactly as subtensor stores and decrypts it
 * (244 bytes + the message).
 *
 * @throws {RangeError} for a round outside u64 or a bad public key
 */
export function timelockEncrypt(
  message: Uint8Array,
  round: bigint,
  options: TimelockEncryptOptions = {},
): Uint8Array {
  const random = options.randomBytes ??
    ((n: number) => crypto.getRandomValues(new Uint8Array(n)));
  const key = prepareKey(options.publicKey ?? DRAND_QUICKNET.publicKey);
  const q = roundIdentity(round);
  let sigma: Uint8Array, esk: Uint8Array, r: bigint;
  do {
    sigma = fixed(random(HASH_BYTES), HASH_BYTES, "sigma");
    esk = fixed(random(HASH_BYTES), HASH_BYTES, "key");
    r = Fr.create(bytesToBigInt(sha256(concat(sigma, esk))));
  } while (r === 0n);
  const nonce = fixed(random(NONCE_BYTES), NONCE_BYTES, "nonce");
  const u = G2.BASE.multiply(r).toBytes(true);
  const rq = q.multiply(r).toAffine();
  const gid = bls12_381.fields.Fp12.finalExponentiate(
    bls12_381.millerLoopBatch([[key.lines, rq.x, rq.y]]),
  );
  const v = xor(sigma, sha256(gtBytes(gid)));
  const w = xor(esk, sha256(sigma));
  const sealed = gcm(esk, nonce).encrypt(message);
  const body = concat(vec(sealed), vec(nonce));
  return concat(u, vec(v), vec(w), vec(body), vec(CIPHER_SUITE));
}

/**
 * Opens a ciphertext from {@link timelockEncrypt} (or from `tle`) with the pulse of its round:
 * the compressed G1 signature, 48 bytes.
 *
 * @throws {TimelockError} `wrong-signature` when the pulse is not the one of the ciphertext's
 *   round, `malformed` when the bytes do not parse, `damaged` when AES-GCM authentication fails
 */
export function timelockDecrypt(ciphertext: Uint8Array, signature: Uint8Array): Uint8Array {
  const ct = parseCiphertext(ciphertext);
  let sig;
  try {
    sig = signaturePoint(signature);
  } catch (err) {
    throw new TimelockError(
      "malformed",
      `Cannot decrypt timelocked data: the signature (${signature.length} bytes) is not a ` +
        "compressed BLS12-381 G1 point",
      { cause: err },
    );
  }
  const sigma = xor(ct.v, sha256(gtBytes(bls12_381.pairing(sig, ct.u))));
  const esk = xor(ct.w, sha256(sigma));
  const r = Fr.create(bytesToBigInt(sha256(concat(sigma, esk))));
  if (r === 0n || !G2.BASE.multiply(r).equals(ct.u)) {
    throw new TimelockError(
      "wrong-signature",
      "Cannot decrypt timelocked data: the signature is not the pulse of the round this " +
        "ciphertext was made for (or the ciphertext header is damaged)",
    );
  }
  try {
    return gcm(esk, ct.nonce).decrypt(ct.sealed);
  } catch (err) {
    throw new TimelockError(
      "damaged",
      "Cannot decrypt timelocked data: the ciphertext body is damaged (AES-GCM " +
        "authentication failed)",
      { cause: err },
    );
  }
}

interface ParsedCiphertext {
  u: InstanceType<typeof G2>;
  v: Uint8Array;
  w: Uint8Array;
  sealed: Uint8Array;
  nonce: Uint8Array;
}

/** Parses the arkworks layout `U | vec v | vec w | vec body(vec ct, vec nonce) | vec suite`. */
function parseCiphertext(bytes: Uint8Array): ParsedCiphertext {
  const reader = new Reader(bytes);
  let u;
  try {
    u = G2.fromBytes(reader.take(G2_BYTES, "U"));
  } catch (err) {
    if (err instanceof TimelockError) throw err;
    throw malformed("U is not a compressed G2 point", err);
  }
  const v = reader.vec("v", HASH_BYTES);
  const w = reader.vec("w", HASH_BYTES);
  const body = new Reader(reader.vec("body"));
  const sealed = body.vec("AES-GCM ciphertext");
  const nonce = body.vec("nonce", NONCE_BYTES);
  body.end("body");
  const suite = reader.vec("cipher suite");
  reader.end("ciphertext");
  if (sealed.length < TAG_BYTES) throw malformed("the AES-GCM ciphertext is shorter than its tag");
  if (bytesToHex(suite) !== bytesToHex(CIPHER_SUITE)) {
    throw malformed(`cipher suite is "${new TextDecoder().decode(suite)}", not "AES_GCM_"`);
  }
  return { u, v, w, sealed, nonce };
}

function malformed(what: string, cause?: unknown): TimelockError {
  return new TimelockError(
    "malformed",
    `Cannot decrypt timelocked data: ${what}`,
    cause === undefined ? undefined : { cause },
  );
}

class Reader {
  #bytes: Uint8Array;
  #at = 0;
  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }
  take(n: number, what: string): Uint8Array {
    if (this.#at + n > this.#bytes.length) {
      throw malformed(`it ends inside ${what} (${this.#bytes.length} bytes)`);
    }
    const out = this.#bytes.subarray(this.#at, this.#at + n);
    this.#at += n;
    return out;
  }
  /** A u64 little-endian length and that many bytes; `exact` checks the length. */
  vec(what: string, exact?: number): Uint8Array {
    const len = new DataView(this.take(8, `the length of ${what}`).slice().buffer)
      .getBigUint64(0, true);
    if (exact !== undefined && len !== BigInt(exact)) {
      throw malformed(`${what} has ${len} bytes, expected ${exact}`);
    }
    if (len > BigInt(this.#bytes.length)) throw malformed(`${what} claims ${len} bytes`);
    return this.take(Number(len), what);
  }
  end(what: string): void {
    if (this.#at !== this.#bytes.length) {
      throw malformed(`${this.#bytes.length - this.#at} bytes follow the ${what}`);
    }
  }
}

/**
 * Serializes a pairing result as arkworks does: the 12 Fp coefficients in tower order, each
 * 48 bytes little-endian (noble writes the same order big-endian).
 */
function gtBytes(gt: ReturnType<typeof bls12_381.pairing>): Uint8Array {
  const be = bls12_381.fields.Fp12.toBytes(gt);
  const out = new Uint8Array(be.length);
  for (let i = 0; i < be.length; i += 48) {
    for (let j = 0; j < 48; j++) out[i + j] = be[i + 47 - j];
  }
  return out;
}

function vec(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + bytes.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(bytes.length), true);
  out.set(bytes, 8);
  return out;
}

function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] ^ b[i];
  return out;
}

function bytesToBigInt(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

function fixed(bytes: Uint8Array, n: number, what: string): Uint8Array {
  if (bytes.length !== n) {
    throw new RangeError(`Cannot encrypt: the random source gave ${bytes.length} bytes of ${what}`);
  }
  return bytes;
}

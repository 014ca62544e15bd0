import { bls12_381 } from "@noble/curves/bls12-381.js";
import { sha256 } from "@noble/hashes/sha2.js";

/** A drand beacon in the "unchained, signatures on G1" scheme that subtensor stores. */
export interface DrandBeacon {
  /** Compressed G2 public key (96 bytes). */
  publicKey: Uint8Array;
  /** Unix time (seconds) of round 1. */
  genesisTime: number;
  /** Seconds between rounds. */
  periodSeconds: number;
}

const QUICKNET_PUBLIC_KEY_HEX =
  "83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a";

/** drand "quicknet", the beacon whose pulses subtensor's Drand pallet stores on mainnet. */
export const DRAND_QUICKNET: Readonly<DrandBeacon> = Object.freeze({
  publicKey: hexToBytes(QUICKNET_PUBLIC_KEY_HEX),
  genesisTime: 1692803367,
  periodSeconds: 3,
});

/** Domain separation tag of quicknet's hash to G1 (RFC 9380, SSWU, random oracle). */
export const DRAND_DST = "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_";

const G1 = bls12_381.G1.Point;
const G2 = bls12_381.G2.Point;
type G1Point = InstanceType<typeof G1>;
type G2Point = InstanceType<typeof G2>;

/** `sha256(round as u64 big-endian)`: the message a drand round signs. */
export function roundMessage(round: bigint): Uint8Array {
  if (round < 0n || round > 0xffff_ffff_ffff_ffffn) {
    throw new RangeError(`Cannot use drand round "${round}": it must be a u64`);
  }
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, round);
  return sha256(bytes);
}

const identities = new Map<bigint, G1Point>();

/** The round's identity point `hash_to_G1(sha256(round))`, cached for the last few rounds. */
export function roundIdentity(round: bigint): G1Point {
  let q = identities.get(round);
  if (!q) {
    q = bls12_381.G1.hashToCurve(roundMessage(round), { DST: DRAND_DST }) as G1Point;
    if (identities.size >= 16) identities.delete(identities.keys().next().value!);
    identities.set(round, q);
  }
  return q;
}

/** Decodes a compressed G2 public key (throws on a point off the curve or subgroup). */
export function publicKeyPoint(publicKey: Uint8Array): G2Point {
  return G2.fromBytes(publicKey);
}

/** Decodes a compressed G1 signature (throws on a point off the curve or subgroup). */
export function signaturePoint(signature: Uint8Array): G1Point {
  return G1.fromBytes(signature);
}

/** True when `signature` is the beacon's pulse for `round` (`e(sig, G2) == e(H(round), pk)`). */
export function verifyPulse(round: bigint, signature: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    const sig = signaturePoint(signature);
    const pk = publicKeyPoint(publicKey);
    const Fp12 = bls12_381.fields.Fp12;
    return Fp12.eql(
      bls12_381.pairing(sig, G2.BASE),
      bls12_381.pairing(roundIdentity(round), pk),
    );
  } catch {
    return false;
  }
}

/** A beacon whose secret key we hold: for the local chain and tests, never for mainnet. */
export interface TestBeacon extends DrandBeacon {
  /** The pulse (compressed G1 signature, 48 bytes) of `round`. */
  sign(round: bigint): Uint8Array;
}

/**
 * A drand-like beacon from a 32-byte secret key (a random one when omitted): pulses are
 * `sk · hash_to_G1(sha256(round))`, exactly as quicknet signs, so ciphertexts made with
 * {@link timelockEncrypt} for its public key open with its pulses.
 */
export function createTestBeacon(
  options: { secretKey?: Uint8Array; genesisTime?: number; periodSeconds?: number } = {},
): TestBeacon {
  const secretKey = options.secretKey ?? bls12_381.utils.randomSecretKey();
  const sk = bls12_381.fields.Fr.fromBytes(secretKey);
  if (sk === 0n) throw new RangeError("Cannot create a test beacon: the secret key is zero");
  return {
    publicKey: G2.BASE.multiply(sk).toBytes(true),
    genesisTime: options.genesisTime ?? DRAND_QUICKNET.genesisTime,
    periodSeconds: options.periodSeconds ?? DRAND_QUICKNET.periodSeconds,
    sign: (round) => roundIdentity(round).multiply(sk).toBytes(true),
  };
}

/** The beacon's newest round at `nowSeconds` (0 before genesis). */
export function roundAt(
  beacon: Pick<DrandBeacon, "genesisTime" | "periodSeconds">,
  nowSeconds: number,
): bigint {
  if (nowSeconds < beacon.genesisTime) return 0n;
  return BigInt(Math.floor((nowSeconds - beacon.genesisTime) / beacon.periodSeconds) + 1);
}

/** Lower-case hex without a prefix. */
export function bytesToHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}

/** Parses hex with or without `0x`. @throws {RangeError} on odd length or a non-hex digit */
export function hexToBytes(hex: string): Uint8Array {
  const s = hex.startsWith("0x") ? hex.slice(2) : hex;
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) {
    throw new RangeError(
      `Cannot parse hex "${hex.slice(0, 20)}": not an even number of hex digits`,
    );
  }
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

import { Keyring } from "@polkadot/keyring";
import type { KeyringPair } from "@polkadot/keyring/types";
import { cryptoWaitReady, decodeAddress, encodeAddress } from "@polkadot/util-crypto";
import { hexToU8a, isHex } from "@polkadot/util";

/** SS58 prefix of every Bittensor network. */
export const SS58_PREFIX = 42;

const PAIRS = new WeakMap<Hotkey, KeyringPair>();

/**
 * An sr25519 signing key (a Bittensor hotkey). The secret stays inside; only the address
 * and signatures leave it.
 */
export class Hotkey {
  /** SS58 address (prefix 42). */
  readonly address: string;
  /** The 32-byte sr25519 public key (what timelocked weight payloads carry). */
  readonly publicKey: Uint8Array;
  /** Where it was loaded from, for messages (never the secret). */
  readonly source: string;

  private constructor(pair: KeyringPair, source: string) {
    this.address = pair.address;
    this.publicKey = pair.publicKey;
    this.source = source;
    PAIRS.set(this, pair);
  }

  /** Creates a hotkey from a BIP-39 mnemonic or a `//Dev` style URI. */
  static async fromUri(uri: string, source = "uri"): Promise<Hotkey> {
    await cryptoWaitReady();
    const keyring = new Keyring({ type: "sr25519", ss58Format: SS58_PREFIX });
    return new Hotkey(keyring.addFromUri(uri), source);
  }

  /** Creates a hotkey from a 32-byte mini-secret seed (`0x` hex). */
  static async fromSeed(seedHex: string, source = "seed"): Promise<Hotkey> {
    if (!isHex(seedHex, 256)) {
      throw new TypeError("Cannot create hotkey: seed must be 0x followed by 64 hex characters");
    }
    await cryptoWaitReady();
    const keyring = new Keyring({ type: "sr25519", ss58Format: SS58_PREFIX });
    return new Hotkey(keyring.addFromSeed(hexToU8a(seedHex)), source);
  }

  /** Signs `message` with sr25519 and returns the 64-byte signature. */
  sign(message: Uint8Array): Uint8Array {
    return PAIRS.get(this)!.sign(message);
  }

  /** Never prints the secret. */
  toJSON(): { address: string; source: string } {
    return { address: this.address, source: this.source };
  }
}

/** The keyring pair behind a hotkey; for `chain/` only (never exported from mod.ts). */
export function keyringPairOf(hotkey: Hotkey): KeyringPair {
  const pair = PAIRS.get(hotkey);
  if (!pair) throw new TypeError("Cannot sign: not a hotkey created by Hotkey");
  return pair;
}

/** Whether `address` is a valid SS58 address (any prefix; hex public keys are not). */
export function isSs58Address(address: string): boolean {
  if (isHex(address)) return false;
  try {
    decodeAddress(address);
    return true;
  } catch {
    return false;
  }
}

/** The 32-byte public key of an SS58 address. @throws {Error} for a malformed address */
export function publicKeyOf(address: string): Uint8Array {
  return decodeAddress(address);
}

/** Re-encodes an address or 32-byte public key with prefix 42. */
export function toSs58(addressOrPublicKey: string | Uint8Array): string {
  return encodeAddress(addressOrPublicKey, SS58_PREFIX);
}

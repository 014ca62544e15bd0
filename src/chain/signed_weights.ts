import { u8aToHex } from "@polkadot/util";
import { cryptoWaitReady, decodeAddress, signatureVerify } from "@polkadot/util-crypto";
import {
  canonicalWeightsMessage,
  pickWeightsRecord,
  type SignedWeights,
  SignedWeightsSchema,
  type WeightsRecord,
  WeightsRecordSchema,
} from "../core/wire/mod.ts";
import { AuthError, ValidationError } from "../errors/mod.ts";
import type { Hotkey } from "./hotkey.ts";

/**
 * Signs a weights record with the operator hotkey (sr25519 over
 * `canonicalWeightsMessage(record)`).
 *
 * @throws {ValidationError} when the record is not a valid weights record
 */
export function signWeights(record: WeightsRecord, hotkey: Hotkey): SignedWeights {
  const parsed = WeightsRecordSchema.safeParse(record);
  if (!parsed.success) {
    throw new ValidationError(
      "Cannot sign weights: the record is invalid",
      parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  }
  const signature = u8aToHex(hotkey.sign(canonicalWeightsMessage(parsed.data)));
  return { ...parsed.data, signer: hotkey.address, signature };
}

/** Options of {@link verifyWeights}. */
export interface VerifyWeightsOptions {
  /** The operator address the record must be signed by (any SS58 prefix). */
  expectedSigner: string;
}

/**
 * Checks a weights document from the API: its shape, that `signer` is the expected operator
 * and that `signature` is a valid sr25519 signature of the canonical record by that key.
 *
 * @returns the signed record (extra unsigned fields removed)
 * @throws {ValidationError} when the document is malformed
 * @throws {AuthError} when the signer or the signature is wrong
 */
export async function verifyWeights(
  doc: unknown,
  options: VerifyWeightsOptions,
): Promise<WeightsRecord> {
  const parsed = SignedWeightsSchema.safeParse(doc);
  if (!parsed.success) {
    throw new ValidationError(
      "Cannot verify weights: the document is malformed",
      parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  }
  await cryptoWaitReady();
  const signed = parsed.data;
  const record = pickWeightsRecord(signed);
  let result;
  try {
    result = signatureVerify(
      canonicalWeightsMessage(record),
      signed.signature,
      options.expectedSigner,
    );
  } catch (err) {
    throw new AuthError(
      `Cannot verify weights: expected signer "${options.expectedSigner}" is not an SS58 address`,
      401,
      { cause: err },
    );
  }
  if (!sameAccount(signed.signer, options.expectedSigner)) {
    throw new AuthError(
      `Cannot verify weights: signed by "${signed.signer}", expected "${options.expectedSigner}"`,
      403,
    );
  }
  if (!result.isValid || result.crypto !== "sr25519") {
    throw new AuthError(
      `Cannot verify weights of cycle "${record.cycle_id}": signature is not valid for ` +
        `"${options.expectedSigner}"`,
      403,
    );
  }
  return record;
}

function sameAccount(a: string, b: string): boolean {
  try {
    return u8aToHex(decodeAddress(a)) === u8aToHex(decodeAddress(b));
  } catch {
    return false;
  }
}

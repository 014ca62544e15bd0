import { z } from "zod";

/** Largest on-chain weight value (u16). */
export const U16_MAX = 65535;

/** Version of the signed weights record; part of the signed bytes. */
export const WEIGHTS_RECORD_VERSION = 1;

/** Bytes prepended to the canonical JSON before signing, so the signature means nothing else. */
export const WEIGHTS_SIGNING_DOMAIN = "kinitro-weights-v1:";

const SS58_REGEXP = /^[1-9A-HJ-NP-Za-km-z]{46,48}$/;
const SIGNATURE_REGEXP = /^0x[0-9a-fA-F]{128}$/;

/** An SS58 address (shape only; checksum is verified in `chain/`). */
export const Ss58Schema = z.string().regex(SS58_REGEXP, "Must be an SS58 address");

/**
 * A record's cycle id: an integer, so that records are ordered and a validator can refuse one
 * older than the record it set before (replay protection).
 */
const CycleIdSchema = z.number().int().nonnegative();

/** The signed fields of a weights record (their checks across fields are in the schema). */
const RECORD_FIELDS = {
  version: z.literal(WEIGHTS_RECORD_VERSION),
  netuid: z.number().int().min(0).max(65535),
  "cycle_id": CycleIdSchema,
  block: z.number().int().nonnegative(),
  uids: z.array(z.number().int().min(0).max(65535)).max(65536),
  hotkeys: z.array(Ss58Schema),
  "weights_u16": z.array(z.number().int().min(0).max(U16_MAX)),
};

/**
 * The part of a weights record that the operator signs. Pairs are sorted by uid, each uid
 * appears once, and each uid carries the hotkey it had when the weights were computed so a
 * re-registered uid never inherits weight. `cycle_id` and `block` (the chain block the cycle's
 * miners were read at) are signed, so a record cannot be passed off as newer than it is.
 */
export const WeightsRecordSchema = z.object({
  ...RECORD_FIELDS,
}).superRefine((r, ctx) => {
  if (r.hotkeys.length !== r.uids.length || r.weights_u16.length !== r.uids.length) {
    ctx.addIssue({
      code: "custom",
      path: ["uids"],
      message: `uids (${r.uids.length}), hotkeys (${r.hotkeys.length}) and weights_u16 ` +
        `(${r.weights_u16.length}) must have the same length`,
    });
  }
  for (let i = 1; i < r.uids.length; i++) {
    if (r.uids[i] <= r.uids[i - 1]) {
      ctx.addIssue({
        code: "custom",
        path: ["uids", i],
        message: "uids must be strictly increasing",
      });
      break;
    }
  }
});

/** The signed part of a weights record. */
export type WeightsRecord = z.output<typeof WeightsRecordSchema>;

/**
 * Body of `GET /v1/weights/latest` (and `GET /v1/weights/{block}`): the signed record plus
 * the sr25519 `signature` (0x-hex, 64 bytes) by `signer` (SS58) over
 * {@link canonicalWeightsMessage}. Extra fields (e.g. `created_at`) are allowed and are not
 * covered by the signature.
 */
export const SignedWeightsSchema = z.looseObject({
  ...RECORD_FIELDS,
  signer: Ss58Schema,
  signature: z.string().regex(SIGNATURE_REGEXP, "Must be 0x followed by 128 hex characters"),
}).superRefine((r, ctx) => {
  const parsed = WeightsRecordSchema.safeParse(pickWeightsRecord(r));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
    }
  }
});

/** A weights record with its signature, as served by the API. */
export type SignedWeights = z.output<typeof SignedWeightsSchema>;

/** Returns only the signed fields of a (possibly larger) weights object. */
export function pickWeightsRecord(r: WeightsRecord | SignedWeights): WeightsRecord {
  return {
    version: r.version,
    netuid: r.netuid,
    cycle_id: r.cycle_id,
    block: r.block,
    uids: [...r.uids],
    hotkeys: [...r.hotkeys],
    weights_u16: [...r.weights_u16],
  };
}

/**
 * The exact bytes that are signed: {@link WEIGHTS_SIGNING_DOMAIN} followed by the record as
 * JSON with keys in alphabetical order and no whitespace.
 */
export function canonicalWeightsMessage(record: WeightsRecord): Uint8Array {
  const r = pickWeightsRecord(record);
  const json = "{" +
    `"block":${JSON.stringify(r.block)},` +
    `"cycle_id":${JSON.stringify(r.cycle_id)},` +
    `"hotkeys":${JSON.stringify(r.hotkeys)},` +
    `"netuid":${JSON.stringify(r.netuid)},` +
    `"uids":${JSON.stringify(r.uids)},` +
    `"version":${JSON.stringify(r.version)},` +
    `"weights_u16":${JSON.stringify(r.weights_u16)}` +
    "}";
  return new TextEncoder().encode(WEIGHTS_SIGNING_DOMAIN + json);
}

/** One miner's weight before it is put in a record. */
export interface WeightEntry {
  uid: number;
  hotkey: string;
  /** Non-negative weight of any scale. */
  weight: number;
}

/** Options of {@link createWeightsRecord}. */
export interface CreateWeightsRecordOptions {
  netuid: number;
  cycleId: number;
  block: number;
}

/**
 * Builds a weights record from float weights the way the chain stores them: the largest
 * weight becomes 65535, the others are scaled and rounded, zeros are dropped, pairs are
 * sorted by uid.
 *
 * @throws {RangeError} on a negative or non-finite weight, or a duplicate uid
 */
export function createWeightsRecord(
  entries: readonly WeightEntry[],
  options: CreateWeightsRecordOptions,
): WeightsRecord {
  const seen = new Set<number>();
  let max = 0;
  for (const e of entries) {
    if (!Number.isFinite(e.weight) || e.weight < 0) {
      throw new RangeError(`Cannot create weights: weight of uid ${e.uid} is "${e.weight}"`);
    }
    if (seen.has(e.uid)) throw new RangeError(`Cannot create weights: duplicate uid ${e.uid}`);
    seen.add(e.uid);
    max = Math.max(max, e.weight);
  }
  const kept = max === 0 ? [] : entries
    .map((e) => ({ ...e, u16: Math.round((e.weight / max) * U16_MAX) }))
    .filter((e) => e.u16 > 0)
    .sort((a, b) => a.uid - b.uid);
  return WeightsRecordSchema.parse({
    version: WEIGHTS_RECORD_VERSION,
    netuid: options.netuid,
    cycle_id: options.cycleId,
    block: options.block,
    uids: kept.map((e) => e.uid),
    hotkeys: kept.map((e) => e.hotkey),
    weights_u16: kept.map((e) => e.u16),
  });
}

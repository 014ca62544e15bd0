import type { WeightsRecord as WeightsWire } from "../core/wire/mod.ts";
import type { Db } from "./db.ts";

/** A weights record: what validators put on chain for one cycle. */
export interface WeightsRecord {
  id: number;
  cycleId: number;
  /** Format version of the signed record. */
  version: number;
  netuid: number;
  block: number;
  uids: number[];
  hotkeys: string[];
  /** u16 weights (largest = 65535), same order as `uids`. */
  valuesU16: number[];
  /** Normalized float weights, same order as `uids`. */
  weights: number[];
  /** sr25519 signature (hex) of the canonical record, or null when unsigned. */
  signature: string | null;
  /** SS58 address of the signer, or null. */
  signer: string | null;
  createdAt: Date;
}

/** Fields of a new weights record. */
export type NewWeights = Omit<WeightsRecord, "id" | "createdAt" | "version"> & {
  /** @default 1 */
  version?: number;
};

/**
 * The record as it is signed and served (`canonicalWeightsMessage`'s fields, snake_case), with
 * its signer and signature (null when unsigned, which validators refuse). `version` is the
 * stored one: a validator refuses a version it does not know.
 */
export function toWeightsDocument(
  w: WeightsRecord,
): Omit<WeightsWire, "version"> & {
  version: number;
  signer: string | null;
  signature: string | null;
} {
  return {
    version: w.version,
    netuid: w.netuid,
    cycle_id: w.cycleId,
    block: w.block,
    uids: w.uids,
    hotkeys: w.hotkeys,
    weights_u16: w.valuesU16,
    signer: w.signer,
    signature: w.signature,
  };
}

const COLUMNS =
  `id, cycle_id, version, netuid, block, uids, hotkeys, values_u16, weights, signature, signer,
  created_at`;

/** Stores a weights record. */
export async function saveWeights(db: Db, w: NewWeights): Promise<WeightsRecord> {
  const rows = await db.query<WeightsRecord>(
    `INSERT INTO weights (cycle_id, version, netuid, block, uids, hotkeys, values_u16, weights,
       signature, signer)
     VALUES ($1, $2, $3, $4, $5::int[], $6::text[], $7::int[], $8::float8[], $9, $10)
     RETURNING ${COLUMNS}`,
    [
      w.cycleId,
      w.version ?? 1,
      w.netuid,
      w.block,
      w.uids,
      w.hotkeys,
      w.valuesU16,
      w.weights,
      w.signature,
      w.signer,
    ],
  );
  return rows[0];
}

/** The record with the highest block (newest first on ties), or null. */
export async function getLatestWeights(db: Db): Promise<WeightsRecord | null> {
  const rows = await db.query<WeightsRecord>(
    `SELECT ${COLUMNS} FROM weights ORDER BY block DESC, id DESC LIMIT 1`,
  );
  return rows[0] ?? null;
}

/** The newest record stored for exactly `block`, or null. */
export async function getWeightsByBlock(db: Db, block: number): Promise<WeightsRecord | null> {
  const rows = await db.query<WeightsRecord>(
    `SELECT ${COLUMNS} FROM weights WHERE block = $1 ORDER BY id DESC LIMIT 1`,
    [block],
  );
  return rows[0] ?? null;
}

/** The newest record of a cycle, or null. */
export async function getWeightsByCycle(db: Db, cycleId: number): Promise<WeightsRecord | null> {
  const rows = await db.query<WeightsRecord>(
    `SELECT ${COLUMNS} FROM weights WHERE cycle_id = $1 ORDER BY id DESC LIMIT 1`,
    [cycleId],
  );
  return rows[0] ?? null;
}

/** The newest record of each of the newest `limit` cycles that have one, newest cycle first. */
export function listRecentWeights(db: Db, limit = 50): Promise<WeightsRecord[]> {
  return db.query<WeightsRecord>(
    `SELECT DISTINCT ON (cycle_id) ${COLUMNS} FROM weights ORDER BY cycle_id DESC, id DESC
     LIMIT $1`,
    [limit],
  );
}

/** The newest record of each of these cycles (cycles without one are left out). */
export function getWeightsByCycles(db: Db, cycleIds: readonly number[]): Promise<WeightsRecord[]> {
  return db.query<WeightsRecord>(
    `SELECT DISTINCT ON (cycle_id) ${COLUMNS} FROM weights WHERE cycle_id = ANY($1::int8[])
     ORDER BY cycle_id DESC, id DESC`,
    [cycleIds],
  );
}

import { canonicalWeightsMessage, type WeightsRecord } from "../../core/wire/mod.ts";
import type { LastSet } from "./store.ts";

/** Why a verified record is not set. */
export type RefusalReason = "older" | "conflicting" | "earlier-block" | "over-age";

/** A refused record: one log line, no chain transaction. */
export interface Refusal {
  reason: RefusalReason;
  /** The log message (constant per reason). */
  message: string;
  fields: Record<string, unknown>;
}

/** SHA-256 (hex) of the record's signed bytes. */
export async function recordDigest(record: WeightsRecord): Promise<string> {
  const bytes = new Uint8Array(canonicalWeightsMessage(record));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Refuses a record that is not newer than the one set before: a lower cycle id, the same cycle
 * with other content, or a higher cycle computed at an earlier block. The same record again
 * (same cycle, same bytes) is fine: it is how unchanged weights are refreshed.
 */
export function checkNotReplayed(
  record: WeightsRecord,
  digest: string,
  last: LastSet | undefined,
): Refusal | null {
  if (!last) return null;
  const fields = {
    cycleId: record.cycle_id,
    recordBlock: record.block,
    lastCycleId: last.cycleId,
    lastRecordBlock: last.block,
  };
  if (record.cycle_id < last.cycleId) {
    return {
      reason: "older",
      message: "Refused weights record: its cycle is older than the record set before " +
        "(a replayed or stale record)",
      fields,
    };
  }
  if (record.cycle_id === last.cycleId && digest !== last.digest) {
    return {
      reason: "conflicting",
      message: "Refused weights record: same cycle as the record set before but other content " +
        "(a forged or replayed record, or a reset backend; remove the validator state file " +
        "only if the backend was reset)",
      fields: { ...fields, digest, lastDigest: last.digest },
    };
  }
  if (record.cycle_id > last.cycleId && record.block < last.block) {
    return {
      reason: "earlier-block",
      message: "Refused weights record: a newer cycle computed at an earlier block than the " +
        "record set before",
      fields,
    };
  }
  return null;
}

/** Refuses a record computed more than `maxAgeBlocks` blocks before `currentBlock`. */
export function checkAge(
  record: WeightsRecord,
  currentBlock: number,
  maxAgeBlocks: number,
): Refusal | null {
  const age = currentBlock - record.block;
  if (age <= maxAgeBlocks) return null;
  return {
    reason: "over-age",
    message: "Refused weights record: older than --max-record-age blocks (is the scheduler " +
      "running?)",
    fields: {
      cycleId: record.cycle_id,
      recordBlock: record.block,
      currentBlock,
      ageBlocks: age,
      maxAgeBlocks,
    },
  };
}

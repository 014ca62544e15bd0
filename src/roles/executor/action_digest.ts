/**
 * The action digest of an episode: SHA-256 over the actions applied at each step, each value
 * rounded to 1e-6 (as a little-endian int32), a missed step written as four INT32_MIN. Two
 * runs of the same model on the same seed on the CPU renderer give the same digest.
 *
 * TODO(#17): the weights branch defines the action fingerprint used for duplicate groups;
 * verify-cycle should compare that field once both land.
 */
import { createHash } from "node:crypto";

const MISSED = -2147483648;

/** Accumulates one episode's actions. */
export class ActionDigest {
  #values: number[] = [];

  /** Adds the step's applied action, or null for a missed step. */
  add(action: readonly number[] | null): void {
    if (action === null) this.#values.push(MISSED, MISSED, MISSED, MISSED);
    else for (let i = 0; i < 4; i++) this.#values.push(Math.round(action[i] * 1e6));
  }

  /** Hex SHA-256 of the steps so far. */
  hex(): string {
    const bytes = new Uint8Array(Int32Array.from(this.#values).buffer);
    return createHash("sha256").update(bytes).digest("hex");
  }
}

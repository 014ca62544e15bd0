import {
  bytesToHex,
  type Chain,
  decodeWeightsPayload,
  encodeWeightsPayload,
  hexToBytes,
  type Hotkey,
  type PendingCommit,
  revealRound,
  timelockDecrypt,
  type TimelockedCommitCall,
  timelockEncrypt,
  type TimelockInfo,
  type WeightsPolicy,
} from "../../chain/mod.ts";
import { ConflictError } from "../../errors/mod.ts";
import type { PendingWeightsCommit } from "./store.ts";

/** `BoundedVec<u8, 5000>`: the largest commit subtensor stores. */
export const MAX_COMMIT_BYTES = 5000;

/** What a timelocked commit carries, as built before submission (and shown by a dry run). */
export interface CommitPlan {
  call: TimelockedCommitCall;
  revealRound: bigint;
  commitRevealVersion: number;
  /** The SCALE `WeightsTlockPayload`. */
  payload: Uint8Array;
  /** The `tle` ciphertext of the payload, as submitted. */
  ciphertext: Uint8Array;
}

/** Options of {@link planCommit}. */
export interface PlanCommitOptions {
  hotkey: Hotkey;
  netuid: number;
  block: number;
  policy: WeightsPolicy;
  info: TimelockInfo;
  uids: number[];
  weights: number[];
  versionKey: bigint;
  /** Wall-clock time in milliseconds. */
  nowMs: number;
}

/**
 * Builds a timelocked commit: the payload, the reveal round the Python SDK would target and
 * the ciphertext for the chain's beacon. Everything it refuses is refused before signing.
 *
 * @throws {ConflictError} when the runtime offers no commit call, the reveal round is not
 *   ahead of the chain's newest pulse (clock skew), or the commit exceeds 5000 bytes
 */
export function planCommit(o: PlanCommitOptions): CommitPlan {
  const action = `Cannot commit weights on netuid ${o.netuid}`;
  if (!o.info.call) {
    throw new ConflictError(
      `${action}: the subnet has commit-reveal enabled but the connected runtime offers no ` +
        "timelocked commit call (commit_timelocked_mechanism_weights, commit_timelocked_weights " +
        "or commit_crv3_weights)",
    );
  }
  const round = revealRound({
    block: o.block,
    netuid: o.netuid,
    tempo: o.policy.tempo,
    revealPeriodEpochs: o.policy.revealPeriodEpochs,
    nowSeconds: o.nowMs / 1000,
    blockTimeSeconds: o.info.blockTimeMs / 1000,
    genesisTime: o.info.beacon.genesisTime,
    periodSeconds: o.info.beacon.periodSeconds,
  });
  if (round <= o.info.lastStoredRound) {
    throw new ConflictError(
      `${action}: reveal round ${round} is not after the chain's newest drand round ` +
        `${o.info.lastStoredRound}; this machine's clock is behind (check NTP)`,
    );
  }
  const payload = encodeWeightsPayload({
    hotkey: o.hotkey.publicKey,
    uids: o.uids,
    values: o.weights,
    versionKey: o.versionKey,
  });
  const ciphertext = timelockEncrypt(payload, round, { publicKey: o.info.beacon.publicKey });
  if (ciphertext.length > MAX_COMMIT_BYTES) {
    throw new ConflictError(
      `${action}: the commit has ${ciphertext.length} bytes, more than the chain's ` +
        `${MAX_COMMIT_BYTES} (${o.uids.length} uids)`,
    );
  }
  return {
    call: o.info.call,
    revealRound: round,
    commitRevealVersion: o.policy.commitRevealVersion,
    payload,
    ciphertext,
  };
}

/** Whether `commit` (from chain storage) is the validator's remembered one. */
export function isSameCommit(commit: PendingCommit, mine: PendingWeightsCommit): boolean {
  if (commit.revealRound !== BigInt(mine.revealRound)) return false;
  if (commit.commitBlock !== null) return commit.commitBlock === mine.commitBlock;
  return bytesToHex(commit.commit) === mine.ciphertext;
}

/** What became of a commit that left the chain's pending list. */
export interface RevealCheck {
  revealRound: bigint;
  cycleId: number;
  applied: boolean;
  /** Why the weights were not applied, as far as can be told. */
  reason?: string;
}

/**
 * Checks a commit that is no longer pending: its weights are applied when the uid's stored
 * weights equal them (after the chain's max-upscale) and the uid was updated after the commit.
 * Otherwise tells the likeliest reason: no pulse for the round, a ciphertext the pulse does not
 * open, a version key below the subnet's, or (subtensor stores no reason) a failed
 * `set_weights` check.
 */
export async function checkReveal(
  chain: Chain,
  mine: PendingWeightsCommit,
  context: { uid: number; lastUpdate: number; policy: WeightsPolicy },
): Promise<RevealCheck> {
  const round = BigInt(mine.revealRound);
  const base = { revealRound: round, cycleId: mine.cycleId };
  const stored = await chain.weightsOf(context.uid);
  if (context.lastUpdate > mine.commitBlock && sameWeights(stored, mine)) {
    return { ...base, applied: true };
  }
  const pulse = await chain.drandPulse(round);
  if (!pulse) {
    return {
      ...base,
      applied: false,
      reason: `the chain holds no drand pulse for round ${round}, so the commit expired unrevealed`,
    };
  }
  try {
    decodeWeightsPayload(timelockDecrypt(hexToBytes(mine.ciphertext), pulse));
  } catch (err) {
    return {
      ...base,
      applied: false,
      reason: `the commit does not open with the pulse of round ${round}: ${
        (err as Error).message
      }`,
    };
  }
  const versionKey = BigInt(mine.versionKey);
  if (context.policy.versionKey !== 0n && versionKey < context.policy.versionKey) {
    return {
      ...base,
      applied: false,
      reason: `IncorrectWeightVersionKey: version key ${versionKey} is below the subnet's ` +
        `${context.policy.versionKey}`,
    };
  }
  return {
    ...base,
    applied: false,
    reason: "the chain opened the commit but did not apply its weights; subtensor stores no " +
      "reason (the reveal runs set_weights' checks: registration, stake, validator permit, " +
      "uids, MinAllowedWeights)",
  };
}

/** Stored weights equal the committed ones once both are max-upscaled (±1 for rounding). */
function sameWeights(
  stored: { uids: number[]; weights: number[] },
  mine: { uids: number[]; weights: number[] },
): boolean {
  if (stored.uids.length !== mine.uids.length) return false;
  const max = Math.max(0, ...mine.weights);
  return mine.uids.every((uid, i) => {
    const expected = max === 0 ? 0 : Math.round((mine.weights[i] * 65535) / max);
    return stored.uids[i] === uid && Math.abs(stored.weights[i] - expected) <= 1;
  });
}

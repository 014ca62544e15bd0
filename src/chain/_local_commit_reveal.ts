// The local chain's timelocked commits: stored per epoch, revealed like subtensor's
// `reveal_crv3_commits_for_subnet` once their reveal epoch starts and the pulse exists.
import type { TestBeacon } from "./drand.ts";
import { ChainTxError } from "./errors.ts";
import { toSs58 } from "./hotkey.ts";
import { timelockDecrypt } from "./timelock.ts";
import type {
  PendingCommit,
  SetWeightsRequest,
  TimelockedCommitRequest,
  WeightsPolicy,
} from "./types.ts";
import { decodeWeightsPayload } from "./weights_payload.ts";

/** Subtensor refuses an 11th unrevealed commit of one hotkey in one epoch. */
const MAX_UNREVEALED = 10;

/** One reveal the local chain attempted. */
export interface LocalReveal {
  hotkey: string;
  revealRound: bigint;
  commitBlock: number;
  /** Block at which it was revealed or dropped. */
  block: number;
  applied: boolean;
  /** Why it was dropped (subtensor only writes this to its trace log). */
  reason?: string;
}

/** Epoch of `block` for `netuid` (the rule the commit was tagged with). */
export function epochOf(block: number, netuid: number, tempo: number): number {
  return Math.floor((block + netuid + 1) / (tempo + 1));
}

/** Pending commits and their reveal. */
export class LocalCommitReveal {
  readonly reveals: LocalReveal[] = [];
  #commits: PendingCommit[] = [];
  #beacon: TestBeacon;
  #apply: (hotkey: string, request: SetWeightsRequest, block: number) => void;

  constructor(
    beacon: TestBeacon,
    apply: (hotkey: string, request: SetWeightsRequest, block: number) => void,
  ) {
    this.#beacon = beacon;
    this.#apply = apply;
  }

  /** Stores a commit in the current epoch; throws `TooManyUnrevealedCommits` past ten. */
  add(
    action: string,
    c: {
      hotkey: string;
      block: number;
      netuid: number;
      policy: WeightsPolicy;
      request: TimelockedCommitRequest;
    },
  ): void {
    const epoch = epochOf(c.block, c.netuid, c.policy.tempo);
    const mine = this.#commits.filter((p) => p.hotkey === c.hotkey && p.epoch === epoch);
    if (mine.length >= MAX_UNREVEALED) {
      throw new ChainTxError(action, "SubtensorModule.TooManyUnrevealedCommits");
    }
    this.#commits.push({
      hotkey: c.hotkey,
      epoch,
      commitBlock: c.block,
      revealRound: c.request.revealRound,
      commit: c.request.commit.slice(),
    });
  }

  pending(): PendingCommit[] {
    return this.#commits.map((c) => ({ ...c, commit: c.commit.slice() }));
  }

  /**
   * Reveals every commit whose reveal epoch has started and whose pulse exists; drops those
   * whose reveal epoch passed without the pulse.
   */
  revealDue(
    now: { block: number; netuid: number; policy: WeightsPolicy; lastRound: bigint },
  ): void {
    const epoch = epochOf(now.block, now.netuid, now.policy.tempo);
    const keep: PendingCommit[] = [];
    for (const c of this.#commits) {
      const revealEpoch = c.epoch + now.policy.revealPeriodEpochs;
      if (epoch < revealEpoch) {
        keep.push(c);
      } else if (c.revealRound <= now.lastRound) {
        this.#reveal(c, now.block);
      } else if (epoch > revealEpoch) {
        this.#record(c, now.block, `expired: no drand pulse for round ${c.revealRound} in time`);
      } else {
        keep.push(c);
      }
    }
    this.#commits = keep;
  }

  #reveal(c: PendingCommit, block: number): void {
    let request: SetWeightsRequest;
    try {
      const payload = decodeWeightsPayload(
        timelockDecrypt(c.commit, this.#beacon.sign(c.revealRound)),
      );
      if (toSs58(payload.hotkey) !== c.hotkey) {
        this.#record(c, block, "the payload names another hotkey than the committer");
        return;
      }
      request = { uids: payload.uids, weights: payload.values, versionKey: payload.versionKey };
    } catch (err) {
      this.#record(c, block, (err as Error).message);
      return;
    }
    try {
      this.#apply(c.hotkey, request, block);
      this.#record(c, block);
    } catch (err) {
      this.#record(c, block, err instanceof ChainTxError ? err.chainError : String(err));
    }
  }

  #record(c: PendingCommit, block: number, reason?: string): void {
    this.reveals.push({
      hotkey: c.hotkey,
      revealRound: c.revealRound,
      commitBlock: c.commitBlock ?? 0,
      block,
      applied: reason === undefined,
      ...(reason === undefined ? {} : { reason }),
    });
  }
}

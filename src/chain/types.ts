import type { Commitment, ModelRef } from "./commitment.ts";
import type { Hotkey } from "./hotkey.ts";

/** One registered neuron of a subnet. */
export interface Neuron {
  uid: number;
  /** SS58 address (prefix 42). */
  hotkey: string;
  validatorPermit: boolean;
  /** Block of the neuron's last weights update (0: never). */
  lastUpdate: number;
}

/** The subnet's neurons at one block. */
export interface Metagraph {
  netuid: number;
  block: number;
  /** Sorted by uid. */
  neurons: Neuron[];
}

/** What a miner announced: a parsed commitment, or a direct HTTP endpoint (local chain only). */
export interface MinerTarget extends Partial<Commitment> {
  /** `http(s)://` endpoint of the policy server; set only by {@link LocalChain} entries. */
  endpoint?: string;
  /** The committed model (commitment format v2). */
  model?: ModelRef;
}

/** One hotkey's commitment on the subnet, valid or not. */
export type CommitmentEntry =
  & {
    /** uid of the hotkey on the subnet; null when it committed and was deregistered since. */
    uid: number | null;
    hotkey: string;
    /** Block at which the commitment was stored. */
    block: number;
    /** The committed text ("" when not raw UTF-8 data). */
    raw: string;
  }
  & (
    | { ok: true; target: MinerTarget }
    | { ok: false; reason: string }
  );

/** The subnet's weight-setting rules, read from the chain. */
export interface WeightsPolicy {
  /** `WeightsVersionKey(netuid)`: submissions must carry a version key at least this large. */
  versionKey: bigint;
  /** `WeightsSetRateLimit(netuid)` in blocks. */
  rateLimit: number;
  /** `CommitRevealWeightsEnabled(netuid)`: when true, `set_weights` is refused by the chain. */
  commitRevealEnabled: boolean;
}

/** Weights to put on chain for one subnet. */
export interface SetWeightsRequest {
  uids: number[];
  /** u16 values, one per uid. */
  weights: number[];
  versionKey: bigint;
}

/** Where a transaction landed. */
export interface TxReceipt {
  /** Number of the block that included it. */
  block: number;
  blockHash: string;
  txHash: string;
}

/**
 * What Kinitro needs from a Bittensor chain, bound to one subnet. {@link SubtensorChain}
 * talks to a subtensor node; {@link LocalChain} is the stand-in used by the demo and tests.
 */
export interface Chain {
  /** The subnet this chain handle reads and writes. */
  readonly netuid: number;
  /** Current best block number. */
  currentBlock(): Promise<number>;
  /** uid to hotkey, validator permits and last updates. */
  metagraph(): Promise<Metagraph>;
  /** Every commitment on the subnet, read in one batched query, sorted by uid. */
  commitments(): Promise<CommitmentEntry[]>;
  /** The commitment of one hotkey, or null when it has none. */
  commitmentOf(hotkey: string): Promise<CommitmentEntry | null>;
  /** Version key, rate limit and commit-reveal setting of the subnet. */
  weightsPolicy(): Promise<WeightsPolicy>;
  /** Submits `set_weights` signed by `hotkey` and waits until a block includes it. */
  setWeights(hotkey: Hotkey, request: SetWeightsRequest): Promise<TxReceipt>;
  /** Submits `set_commitment` with `data` in a `Raw` field and waits for inclusion. */
  setCommitment(hotkey: Hotkey, data: string): Promise<TxReceipt>;
  /** Releases connections. */
  close(): Promise<void>;
}

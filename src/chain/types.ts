import type { Commitment } from "./commitment.ts";
import type { DrandBeacon } from "./drand.ts";
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

/** The subnet owner's hotkey and its uid (null when not registered). */
export interface SubnetOwner {
  hotkey: string;
  uid: number | null;
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
  /** `Tempo(netuid)`: an epoch lasts `tempo + 1` blocks. */
  tempo: number;
  /** `RevealPeriodEpochs(netuid)`: a commit is revealed this many epochs after its own. */
  revealPeriodEpochs: number;
  /** `CommitRevealWeightsVersion`: the version a timelocked commit must carry. */
  commitRevealVersion: number;
}

/** The calls that submit timelocked weights, newest first; runtimes offer different ones. */
export type TimelockedCommitCall =
  | "commit_timelocked_mechanism_weights"
  | "commit_timelocked_weights"
  | "commit_crv3_weights";

/** What a validator needs to encrypt weights to a drand round the chain will reach. */
export interface TimelockInfo {
  /** The beacon whose pulses the chain stores (`Drand.BeaconConfig`; quicknet on mainnet). */
  beacon: DrandBeacon;
  /** `Drand.LastStoredRound`: the newest pulse the chain holds (0 when none). */
  lastStoredRound: bigint;
  /** Target block time in milliseconds. */
  blockTimeMs: number;
  /** The commit call the connected runtime offers, or null when it has none. */
  call: TimelockedCommitCall | null;
}

/** A timelocked weights commit to submit. */
export interface TimelockedCommitRequest {
  /** The serialized `tle` ciphertext of the SCALE weights payload. */
  commit: Uint8Array;
  revealRound: bigint;
  /** Must equal the chain's `CommitRevealWeightsVersion`. */
  commitRevealVersion: number;
}

/** A commit waiting on chain to be revealed. */
export interface PendingCommit {
  /** SS58 address of the committing hotkey. */
  hotkey: string;
  /** Epoch the commit belongs to (storage key). */
  epoch: number;
  /** Block that included the commit (null on runtimes that do not store it). */
  commitBlock: number | null;
  revealRound: bigint;
  /** The ciphertext as stored. */
  commit: Uint8Array;
}

/** The weights a uid has on chain (`Weights(netuid, uid)`), as the chain scaled them. */
export interface StoredWeights {
  uids: number[];
  weights: number[];
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
  /**
   * The subnet owner's hotkey (`SubnetOwnerHotkey`) and its uid on the subnet (null when that
   * hotkey is not registered): weight given to it is burned.
   */
  subnetOwner(): Promise<SubnetOwner>;
  /** Submits `set_weights` signed by `hotkey` and waits until a block includes it. */
  setWeights(hotkey: Hotkey, request: SetWeightsRequest): Promise<TxReceipt>;
  /** Drand beacon, newest stored round, block time and the timelocked commit call on offer. */
  timelockInfo(): Promise<TimelockInfo>;
  /** Submits a timelocked weights commit signed by `hotkey` and waits for inclusion. */
  commitTimelockedWeights(hotkey: Hotkey, request: TimelockedCommitRequest): Promise<TxReceipt>;
  /** Timelocked commits of the subnet still waiting to be revealed, oldest first. */
  pendingCommits(): Promise<PendingCommit[]>;
  /** The weights stored for `uid` (empty when it has none). */
  weightsOf(uid: number): Promise<StoredWeights>;
  /** The stored drand pulse (compressed G1 signature) of `round`, or null. */
  drandPulse(round: bigint): Promise<Uint8Array | null>;
  /** Submits `set_commitment` with `data` in a `Raw` field and waits for inclusion. */
  setCommitment(hotkey: Hotkey, data: string): Promise<TxReceipt>;
  /** Releases connections. */
  close(): Promise<void>;
}

import type { z } from "zod";
import { ConfigError } from "../errors/mod.ts";
import { sha256 } from "@noble/hashes/sha2.js";
import { createTestBeacon, roundAt, type TestBeacon } from "./drand.ts";
import { ChainTxError } from "./errors.ts";
import type { Hotkey } from "./hotkey.ts";
import {
  localCommitmentEntry,
  type LocalMiner,
  LocalMinerSchema,
  type LocalNeuron,
  readLocalChainFile,
} from "./local_chain_file.ts";
import { LocalCommitReveal, type LocalReveal } from "./_local_commit_reveal.ts";
import type {
  Chain,
  CommitmentEntry,
  Metagraph,
  PendingCommit,
  SetWeightsRequest,
  StoredWeights,
  SubnetOwner,
  TimelockedCommitCall,
  TimelockedCommitRequest,
  TimelockInfo,
  TxReceipt,
  WeightsPolicy,
} from "./types.ts";

export type { LocalReveal } from "./_local_commit_reveal.ts";

/** A weights update recorded by {@link LocalChain}: a `setWeights` call or a revealed commit. */
export interface RecordedWeights extends SetWeightsRequest {
  block: number;
  hotkey: string;
  /** @default "set_weights" */
  via?: "set_weights" | "reveal";
}

/** Options of {@link LocalChain}. */
export interface LocalChainOptions {
  netuid: number;
  /** Registered neurons with their commitment or endpoint. @default [] */
  miners?: LocalMiner[];
  /** Block number at `genesisMs`. @default 1000 */
  startBlock?: number;
  /** Clock time (ms) of `startBlock`. @default the clock at creation */
  genesisMs?: number;
  /** Milliseconds per block as the clock advances. @default 12000 */
  blockTimeMs?: number;
  /** Clock in milliseconds. @default Date.now */
  now?: () => number;
  /** @default subtensor's defaults, commit-reveal off, no rate limit, version key 0 */
  policy?: Partial<WeightsPolicy>;
  /** 32-byte secret of the local drand beacon. @default a fixed, publicly known test key */
  drandSecretKey?: Uint8Array;
  /** uid of the subnet owner's hotkey (where burned weight goes). @default 0 */
  ownerUid?: number;
  /** The timelocked commit call the local runtime offers. @default "commit_timelocked_mechanism_weights" */
  timelockedCommitCall?: TimelockedCommitCall | null;
}

/** The local chain's default beacon key: a test key, as public as this line. */
const DEFAULT_DRAND_SECRET = sha256(new TextEncoder().encode("kinitro local chain drand key"));

/**
 * An in-memory chain with the {@link Chain} interface: neurons and commitments from a list
 * (or a JSON file), blocks from a clock (one more per extrinsic), a drand beacon with a test
 * key whose rounds follow the clock, and every weights update recorded in
 * {@link LocalChain.weightsSet}. Applies subtensor's registration, version-key, rate-limit and
 * commit-reveal rules, and reveals timelocked commits in their reveal epoch once the pulse of
 * their round exists.
 */
export class LocalChain implements Chain {
  readonly netuid: number;
  /** Every applied weights update (set or revealed), oldest first. */
  readonly weightsSet: RecordedWeights[] = [];
  /** The beacon whose pulses this chain stores. */
  readonly beacon: TestBeacon;
  #neurons = new Map<number, LocalNeuron>();
  #policy: WeightsPolicy;
  #startBlock: number;
  #blockTimeMs: number;
  #now: () => number;
  #t0: number;
  #offset = 0;
  #call: TimelockedCommitCall | null;
  #stored = new Map<number, StoredWeights>();
  #cr: LocalCommitReveal;
  #ownerUid: number;

  constructor(options: LocalChainOptions) {
    this.netuid = options.netuid;
    this.#ownerUid = options.ownerUid ?? 0;
    this.#startBlock = options.startBlock ?? 1000;
    this.#blockTimeMs = options.blockTimeMs ?? 12000;
    this.#now = options.now ?? Date.now;
    this.#t0 = options.genesisMs ?? this.#now();
    this.#policy = {
      versionKey: 0n,
      rateLimit: 0,
      commitRevealEnabled: false,
      tempo: 360,
      revealPeriodEpochs: 1,
      commitRevealVersion: 4,
      ...options.policy,
    };
    this.#call = options.timelockedCommitCall === undefined
      ? "commit_timelocked_mechanism_weights"
      : options.timelockedCommitCall;
    this.beacon = createTestBeacon({ secretKey: options.drandSecretKey ?? DEFAULT_DRAND_SECRET });
    this.#cr = new LocalCommitReveal(
      this.beacon,
      (hotkey, request, block) => this.#apply(hotkey, request, block, "reveal"),
    );
    for (const input of options.miners ?? []) this.#add(LocalMinerSchema.parse(input));
  }

  /** Every reveal the chain attempted, with why it failed (what subtensor only traces). */
  get reveals(): readonly LocalReveal[] {
    return this.#cr.reveals;
  }

  /**
   * Reads a local chain file: a JSON array of miners, or an object with `miners` and settings
   * (`LocalChainSettingsSchema`). @throws {ConfigError} naming the file and the field
   */
  static async fromFile(
    path: string,
    options: Omit<LocalChainOptions, "miners">,
  ): Promise<LocalChain> {
    const file = await readLocalChainFile(path);
    return new LocalChain({
      startBlock: file.startBlock,
      genesisMs: file.genesisMs,
      blockTimeMs: file.blockTimeMs,
      drandSecretKey: file.drandSecretKey,
      ...options,
      policy: { ...file.policy, ...options.policy },
      miners: file.miners,
    });
  }

  #add(m: z.output<typeof LocalMinerSchema>): void {
    if (this.#neurons.has(m.uid)) {
      throw new ConfigError(`Cannot add local miner: uid ${m.uid} appears twice`);
    }
    const neuron: LocalNeuron = {
      uid: m.uid,
      hotkey: m.hotkey,
      validatorPermit: m.validator_permit,
      lastUpdate: 0,
    };
    if (m.endpoint !== undefined || m.commitment !== undefined) {
      neuron.commitment = { raw: m.commitment ?? "", endpoint: m.endpoint, block: m.commit_block };
    }
    this.#neurons.set(m.uid, neuron);
  }

  /** Registers a hotkey under the next free uid (or returns its uid) */
  register(hotkey: string, options: { validatorPermit?: boolean } = {}): number {
    const existing = this.#findUid(hotkey);
    if (existing !== null) return existing;
    let uid = 0;
    while (this.#neurons.has(uid)) uid++;
    this.#add(LocalMinerSchema.parse({
      uid,
      hotkey,
      validator_permit: options.validatorPermit ?? false,
    }));
    return uid;
  }

  /** Moves the chain forward by `n` blocks (drand rounds follow the clock, not blocks). */
  advanceBlocks(n: number): void {
    this.#offset += n;
  }

  /** Replaces parts of the weights policy. */
  setPolicy(policy: Partial<WeightsPolicy>): void {
    this.#policy = { ...this.#policy, ...policy };
  }

  currentBlock(): Promise<number> {
    return Promise.resolve(this.#tick());
  }

  #block(): number {
    const elapsed = Math.max(0, this.#now() - this.#t0);
    return this.#startBlock + Math.floor(elapsed / this.#blockTimeMs) + this.#offset;
  }

  /** The newest drand round at the clock's time (pulses arrive as the beacon makes them). */
  #lastRound(): bigint {
    return roundAt(this.beacon, this.#now() / 1000);
  }

  /** The current block, after revealing the commits that are due. */
  #tick(): number {
    const block = this.#block();
    this.#cr.revealDue({
      block,
      policy: this.#policy,
      netuid: this.netuid,
      lastRound: this.#lastRound(),
    });
    return block;
  }

  #findUid(hotkey: string): number | null {
    for (const n of this.#neurons.values()) if (n.hotkey === hotkey) return n.uid;
    return null;
  }

  metagraph(): Promise<Metagraph> {
    const block = this.#tick();
    const neurons = [...this.#neurons.values()]
      .sort((a, b) => a.uid - b.uid)
      .map(({ uid, hotkey, validatorPermit, lastUpdate }) => ({
        uid,
        hotkey,
        validatorPermit,
        lastUpdate,
      }));
    return Promise.resolve({ netuid: this.netuid, block, neurons });
  }

  commitments(): Promise<CommitmentEntry[]> {
    const out: CommitmentEntry[] = [];
    for (const n of [...this.#neurons.values()].sort((a, b) => a.uid - b.uid)) {
      const entry = localCommitmentEntry(n);
      if (entry) out.push(entry);
    }
    return Promise.resolve(out);
  }

  commitmentOf(hotkey: string): Promise<CommitmentEntry | null> {
    const uid = this.#findUid(hotkey);
    return Promise.resolve(uid === null ? null : localCommitmentEntry(this.#neurons.get(uid)!));
  }

  /** The owner is the neuron of uid {@link LocalChainOptions.ownerUid} (default 0). */
  subnetOwner(): Promise<SubnetOwner> {
    this.#tick();
    const n = this.#neurons.get(this.#ownerUid);
    return Promise.resolve(n ? { hotkey: n.hotkey, uid: n.uid } : { hotkey: "", uid: null });
  }

  weightsPolicy(): Promise<WeightsPolicy> {
    this.#tick();
    return Promise.resolve({ ...this.#policy });
  }

  setWeights(hotkey: Hotkey, request: SetWeightsRequest): Promise<TxReceipt> {
    return Promise.resolve().then(() => {
      const action = `set weights on netuid ${this.netuid}`;
      const neuron = this.#registered(action, hotkey);
      if (this.#policy.commitRevealEnabled) {
        throw new ChainTxError(action, "SubtensorModule.CommitRevealEnabled");
      }
      const block = this.#tick() + 1;
      this.#checkRateLimit(action, neuron, block, "SubtensorModule.SettingWeightsTooFast");
      this.#apply(hotkey.address, request, block, "set_weights");
      this.#offset++;
      return receipt(block);
    });
  }

  /** Applies weights the way `set_weights` (and a reveal) does; throws the chain's error. */
  #apply(hotkey: string, request: SetWeightsRequest, block: number, via: RecordedWeights["via"]) {
    const action = `set weights on netuid ${this.netuid}`;
    const uid = this.#findUid(hotkey);
    if (uid === null) throw new ChainTxError(action, "SubtensorModule.HotKeyNotRegisteredInSubNet");
    if (this.#policy.versionKey !== 0n && request.versionKey < this.#policy.versionKey) {
      throw new ChainTxError(action, "SubtensorModule.IncorrectWeightVersionKey");
    }
    if (request.uids.length !== request.weights.length) {
      throw new ChainTxError(action, "SubtensorModule.WeightVecNotEqualSize");
    }
    if (new Set(request.uids).size !== request.uids.length) {
      throw new ChainTxError(action, "SubtensorModule.DuplicateUids");
    }
    if (request.uids.some((u) => !this.#neurons.has(u))) {
      throw new ChainTxError(action, "SubtensorModule.UidVecContainInvalidOne");
    }
    this.#neurons.get(uid)!.lastUpdate = block;
    this.weightsSet.push({
      block,
      hotkey,
      uids: [...request.uids],
      weights: [...request.weights],
      versionKey: request.versionKey,
      ...(via === "reveal" ? { via } : {}),
    });
    // The chain stores weights max-upscaled: the largest becomes 65535.
    const max = Math.max(0, ...request.weights);
    this.#stored.set(uid, {
      uids: [...request.uids],
      weights: request.weights.map((w) => (max === 0 ? 0 : Math.round((w * 65535) / max))),
    });
  }

  #registered(action: string, hotkey: Hotkey): LocalNeuron {
    const uid = this.#findUid(hotkey.address);
    if (uid === null) throw new ChainTxError(action, "SubtensorModule.HotKeyNotRegisteredInSubNet");
    return this.#neurons.get(uid)!;
  }

  #checkRateLimit(action: string, neuron: LocalNeuron, block: number, error: string): void {
    if (neuron.lastUpdate !== 0 && block - neuron.lastUpdate < this.#policy.rateLimit) {
      throw new ChainTxError(action, error);
    }
  }

  timelockInfo(): Promise<TimelockInfo> {
    this.#tick();
    return Promise.resolve({
      beacon: {
        publicKey: this.beacon.publicKey,
        genesisTime: this.beacon.genesisTime,
        periodSeconds: this.beacon.periodSeconds,
      },
      lastStoredRound: this.#lastRound(),
      blockTimeMs: this.#blockTimeMs,
      call: this.#call,
    });
  }

  commitTimelockedWeights(hotkey: Hotkey, request: TimelockedCommitRequest): Promise<TxReceipt> {
    return Promise.resolve().then(() => {
      const action = `commit weights on netuid ${this.netuid}`;
      if (!this.#call) {
        throw new RangeError(`Cannot ${action}: the runtime offers no timelocked commit call`);
      }
      const block = this.#tick() + 1;
      // The pool's pre-dispatch check comes first, as on subtensor.
      if (request.revealRound < this.#lastRound()) {
        throw new ChainTxError(action, "CustomTransactionError.InvalidRevealRound");
      }
      if (!this.#policy.commitRevealEnabled) {
        throw new ChainTxError(action, "SubtensorModule.CommitRevealDisabled");
      }
      if (
        this.#call !== "commit_crv3_weights" &&
        request.commitRevealVersion !== this.#policy.commitRevealVersion
      ) {
        throw new ChainTxError(action, "SubtensorModule.IncorrectCommitRevealVersion");
      }
      const neuron = this.#registered(action, hotkey);
      this.#checkRateLimit(action, neuron, block, "SubtensorModule.CommittingWeightsTooFast");
      this.#cr.add(action, {
        hotkey: hotkey.address,
        block,
        netuid: this.netuid,
        policy: this.#policy,
        request,
      });
      this.#offset++;
      neuron.lastUpdate = block;
      return receipt(block);
    });
  }

  pendingCommits(): Promise<PendingCommit[]> {
    this.#tick();
    return Promise.resolve(this.#cr.pending());
  }

  weightsOf(uid: number): Promise<StoredWeights> {
    this.#tick();
    const stored = this.#stored.get(uid);
    return Promise.resolve(
      stored ? { uids: [...stored.uids], weights: [...stored.weights] } : { uids: [], weights: [] },
    );
  }

  drandPulse(round: bigint): Promise<Uint8Array | null> {
    return Promise.resolve(
      round >= 1n && round <= this.#lastRound() ? this.beacon.sign(round) : null,
    );
  }

  setCommitment(hotkey: Hotkey, data: string): Promise<TxReceipt> {
    return Promise.resolve().then(() => {
      const uid = this.#findUid(hotkey.address);
      if (uid === null) {
        throw new ChainTxError(
          `set commitment on netuid ${this.netuid}`,
          "Commitments.AccountNotAllowedCommit",
        );
      }
      const block = this.#tick() + 1;
      this.#offset++;
      this.#neurons.get(uid)!.commitment = { raw: data, block };
      return receipt(block);
    });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

function receipt(block: number): TxReceipt {
  const hex = block.toString(16).padStart(64, "0");
  return { block, blockHash: `0x${hex}`, txHash: `0x${hex.replace(/^0/, "f")}` };
}

import { z } from "zod";
import { ConfigError } from "../errors/mod.ts";
import { parseCommitment } from "./commitment.ts";
import { ChainTxError } from "./errors.ts";
import { type Hotkey, isSs58Address } from "./hotkey.ts";
import type {
  Chain,
  CommitmentEntry,
  Metagraph,
  Neuron,
  SetWeightsRequest,
  TxReceipt,
  WeightsPolicy,
} from "./types.ts";

/** One miner of a local chain file. */
export const LocalMinerSchema = z.object({
  uid: z.number().int().min(0).max(65535),
  hotkey: z.string().refine(isSs58Address, "must be an SS58 address"),
  endpoint: z.url({ protocol: /^https?$/ }).optional(),
  commitment: z.string().optional(),
  commit_block: z.number().int().nonnegative().default(0),
  validator_permit: z.boolean().default(false),
});

/** One miner of a local chain file. */
export type LocalMiner = z.input<typeof LocalMinerSchema>;

/** The local chain file: a JSON array of miners. */
export const LocalChainFileSchema = z.array(LocalMinerSchema);

/** A `setWeights` call recorded by {@link LocalChain}. */
export interface RecordedWeights extends SetWeightsRequest {
  block: number;
  hotkey: string;
}

/** Options of {@link LocalChain}. */
export interface LocalChainOptions {
  netuid: number;
  /** Registered neurons with their commitment or endpoint. @default [] */
  miners?: LocalMiner[];
  /** Block number at creation. @default 1000 */
  startBlock?: number;
  /** Milliseconds per block as the clock advances. @default 12000 */
  blockTimeMs?: number;
  /** Clock in milliseconds. @default Date.now */
  now?: () => number;
  /** @default { versionKey: 0n, rateLimit: 0, commitRevealEnabled: false } */
  policy?: Partial<WeightsPolicy>;
}

interface LocalNeuron extends Neuron {
  commitment?: { raw: string; endpoint?: string; block: number };
}

/**
 * An in-memory chain with the {@link Chain} interface: neurons and commitments from a list
 * (or a JSON file), blocks from a clock, and every weights call recorded in
 * {@link LocalChain.weightsSet}. Applies the same registration, version-key and rate-limit
 * rules as subtensor.
 */
export class LocalChain implements Chain {
  readonly netuid: number;
  /** Every accepted `setWeights`, oldest first. */
  readonly weightsSet: RecordedWeights[] = [];
  #neurons = new Map<number, LocalNeuron>();
  #policy: WeightsPolicy;
  #startBlock: number;
  #blockTimeMs: number;
  #now: () => number;
  #t0: number;
  #offset = 0;

  constructor(options: LocalChainOptions) {
    this.netuid = options.netuid;
    this.#startBlock = options.startBlock ?? 1000;
    this.#blockTimeMs = options.blockTimeMs ?? 12000;
    this.#now = options.now ?? Date.now;
    this.#t0 = this.#now();
    this.#policy = {
      versionKey: 0n,
      rateLimit: 0,
      commitRevealEnabled: false,
      ...options.policy,
    };
    for (const input of options.miners ?? []) this.#add(LocalMinerSchema.parse(input));
  }

  /**
   * Reads a JSON file of miners `[{uid, hotkey, endpoint | commitment, commit_block}]`.
   *
   * @throws {ConfigError} naming the file when it is missing or malformed
   */
  static async fromFile(
    path: string,
    options: Omit<LocalChainOptions, "miners">,
  ): Promise<LocalChain> {
    let json: unknown;
    try {
      json = JSON.parse(await Deno.readTextFile(path));
    } catch (err) {
      throw new ConfigError(
        `Cannot read local chain file "${path}": ${(err as Error).message}`,
        [],
        {
          cause: err,
        },
      );
    }
    const parsed = LocalChainFileSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ConfigError(
        `Cannot read local chain file "${path}": ${issue.path.join(".")} ${issue.message}`,
      );
    }
    return new LocalChain({ ...options, miners: parsed.data });
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

  /** Moves the chain forward by `n` blocks. */
  advanceBlocks(n: number): void {
    this.#offset += n;
  }

  /** Replaces parts of the weights policy. */
  setPolicy(policy: Partial<WeightsPolicy>): void {
    this.#policy = { ...this.#policy, ...policy };
  }

  currentBlock(): Promise<number> {
    return Promise.resolve(this.#block());
  }

  #block(): number {
    const elapsed = Math.max(0, this.#now() - this.#t0);
    return this.#startBlock + Math.floor(elapsed / this.#blockTimeMs) + this.#offset;
  }

  #findUid(hotkey: string): number | null {
    for (const n of this.#neurons.values()) if (n.hotkey === hotkey) return n.uid;
    return null;
  }

  metagraph(): Promise<Metagraph> {
    const neurons = [...this.#neurons.values()]
      .sort((a, b) => a.uid - b.uid)
      .map(({ uid, hotkey, validatorPermit, lastUpdate }) => ({
        uid,
        hotkey,
        validatorPermit,
        lastUpdate,
      }));
    return Promise.resolve({ netuid: this.netuid, block: this.#block(), neurons });
  }

  commitments(): Promise<CommitmentEntry[]> {
    const out: CommitmentEntry[] = [];
    for (const n of [...this.#neurons.values()].sort((a, b) => a.uid - b.uid)) {
      const entry = this.#entryOf(n);
      if (entry) out.push(entry);
    }
    return Promise.resolve(out);
  }

  commitmentOf(hotkey: string): Promise<CommitmentEntry | null> {
    const uid = this.#findUid(hotkey);
    return Promise.resolve(uid === null ? null : this.#entryOf(this.#neurons.get(uid)!));
  }

  #entryOf(n: LocalNeuron): CommitmentEntry | null {
    const c = n.commitment;
    if (!c) return null;
    const base = { uid: n.uid, hotkey: n.hotkey, block: c.block, raw: c.raw };
    if (c.endpoint) {
      const parsed = c.raw ? parseCommitment(c.raw) : null;
      const target = parsed?.ok ? { ...parsed.commitment, endpoint: c.endpoint } : {
        endpoint: c.endpoint,
      };
      return { ...base, ok: true, target };
    }
    const parsed = parseCommitment(c.raw);
    return parsed.ok
      ? { ...base, ok: true, target: parsed.commitment }
      : { ...base, ok: false, reason: parsed.reason };
  }

  weightsPolicy(): Promise<WeightsPolicy> {
    return Promise.resolve({ ...this.#policy });
  }

  setWeights(hotkey: Hotkey, request: SetWeightsRequest): Promise<TxReceipt> {
    return Promise.resolve().then(() => this.#setWeights(hotkey, request));
  }

  #setWeights(hotkey: Hotkey, request: SetWeightsRequest): TxReceipt {
    const action = `set weights on netuid ${this.netuid}`;
    const uid = this.#findUid(hotkey.address);
    if (uid === null) throw new ChainTxError(action, "SubtensorModule.HotKeyNotRegisteredInSubNet");
    if (this.#policy.commitRevealEnabled) {
      throw new ChainTxError(action, "SubtensorModule.CommitRevealEnabled");
    }
    if (this.#policy.versionKey !== 0n && request.versionKey < this.#policy.versionKey) {
      throw new ChainTxError(action, "SubtensorModule.IncorrectWeightVersionKey");
    }
    const neuron = this.#neurons.get(uid)!;
    const block = this.#block() + 1;
    if (neuron.lastUpdate !== 0 && block - neuron.lastUpdate < this.#policy.rateLimit) {
      throw new ChainTxError(action, "SubtensorModule.SettingWeightsTooFast");
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
    this.#offset++;
    neuron.lastUpdate = block;
    this.weightsSet.push({
      block,
      hotkey: hotkey.address,
      uids: [...request.uids],
      weights: [...request.weights],
      versionKey: request.versionKey,
    });
    return receipt(block);
  }

  setCommitment(hotkey: Hotkey, data: string): Promise<TxReceipt> {
    return Promise.resolve().then(() => this.#setCommitment(hotkey, data));
  }

  #setCommitment(hotkey: Hotkey, data: string): TxReceipt {
    const uid = this.#findUid(hotkey.address);
    if (uid === null) {
      throw new ChainTxError(
        `set commitment on netuid ${this.netuid}`,
        "Commitments.AccountNotAllowedCommit",
      );
    }
    const block = this.#block() + 1;
    this.#offset++;
    this.#neurons.get(uid)!.commitment = { raw: data, block };
    return receipt(block);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

function receipt(block: number): TxReceipt {
  const hex = block.toString(16).padStart(64, "0");
  return { block, blockHash: `0x${hex}`, txHash: `0x${hex.replace(/^0/, "f")}` };
}

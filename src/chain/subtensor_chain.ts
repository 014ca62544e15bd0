import { ApiPromise, WsProvider } from "@polkadot/api";
import type { ApiDecoration } from "@polkadot/api/types";
import type { ProviderInterface } from "@polkadot/rpc-provider/types";
import type { Codec } from "@polkadot/types/types";
import { u8aToHex } from "@polkadot/util";
import { DependencyError } from "../errors/mod.ts";
import { type Logger, routeLibraryLines } from "../log/mod.ts";
import { MAX_COMMITMENT_BYTES, parseCommitment } from "./commitment.ts";
import { ChainTxError } from "./errors.ts";
import { type Hotkey, toSs58 } from "./hotkey.ts";
import { resolveEndpoint } from "./network.ts";
import { SUBTENSOR_EXTENSIONS } from "./_extensions.ts";
import { submitAndWait } from "./_submit.ts";
import {
  commitExtrinsic,
  readPendingCommits,
  readPulse,
  readTimelockInfo,
  timelockedCommitCall,
} from "./_subtensor_timelock.ts";
import type {
  Chain,
  CommitmentEntry,
  Metagraph,
  Neuron,
  PendingCommit,
  SetWeightsRequest,
  StoredWeights,
  SubnetOwner,
  TimelockedCommitRequest,
  TimelockInfo,
  TxReceipt,
  WeightsPolicy,
} from "./types.ts";

/** Options of {@link SubtensorChain.connect}. */
export interface SubtensorChainOptions {
  netuid: number;
  /** `finney`, `test`, `archive`, `local` or a `ws(s)://` URL. @default "finney" */
  network?: string;
  /** A ready provider instead of a WebSocket to `network` (tests). */
  provider?: ProviderInterface;
  /** @default no logging */
  log?: Logger;
  /** @default 30000 */
  connectTimeoutMs?: number;
  /** How long to wait for a transaction to be included. @default 120000 */
  inclusionTimeoutMs?: number;
}

/** Shape of a decoded `Commitments.Registration` (the api has no generated types for it). */
interface RegistrationCodec extends Codec {
  block: Codec & { toNumber(): number };
  info: { fields: (Codec & { type: string; value: Codec })[] };
}

/** A {@link Chain} backed by a subtensor node through `@polkadot/api`. */
export class SubtensorChain implements Chain {
  readonly netuid: number;
  /** The WebSocket endpoint (or "custom provider"). */
  readonly endpoint: string;
  #api: ApiPromise;
  #inclusionTimeoutMs: number;
  #unrouteLines: () => void;

  private constructor(
    api: ApiPromise,
    endpoint: string,
    options: SubtensorChainOptions,
    unrouteLines: () => void,
  ) {
    this.#api = api;
    this.endpoint = endpoint;
    this.netuid = options.netuid;
    this.#inclusionTimeoutMs = options.inclusionTimeoutMs ?? 120_000;
    this.#unrouteLines = unrouteLines;
  }

  /**
   * Connects and loads the runtime metadata.
   *
   * @throws {ConfigError} for an unknown network name
   * @throws {DependencyError} when the node cannot be reached in time
   */
  static async connect(options: SubtensorChainOptions): Promise<SubtensorChain> {
    const endpoint = options.provider
      ? "custom provider"
      : resolveEndpoint(options.network ?? "finney");
    // @polkadot prints disconnects and RPC errors with console; keep them in our log format.
    const unrouteLines = options.log ? routeLibraryLines(options.log) : () => {};
    const provider = options.provider ?? new WsProvider(endpoint, 2500, {}, 30_000);
    const timeoutMs = options.connectTimeoutMs ?? 30_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    const creating = ApiPromise.create({
      provider,
      throwOnConnect: true,
      noInitWarn: true,
      signedExtensions: SUBTENSOR_EXTENSIONS,
    });
    try {
      const api = await Promise.race([creating, timeout]);
      options.log?.debug("Connected to chain", {
        endpoint,
        specVersion: api.runtimeVersion.specVersion.toNumber(),
      });
      return new SubtensorChain(api, endpoint, options, unrouteLines);
    } catch (err) {
      creating.then((api) => api.disconnect(), () => {});
      await provider.disconnect().catch(() => {});
      unrouteLines();
      throw new DependencyError(
        `Cannot connect to chain "${endpoint}": ${(err as Error).message}`,
        { cause: err },
      );
    } finally {
      clearTimeout(timer);
    }
  }

  async #at(): Promise<{ at: ApiDecoration<"promise">; block: number }> {
    const header = await this.#api.rpc.chain.getHeader();
    return { at: await this.#api.at(header.hash), block: header.number.toNumber() };
  }

  async currentBlock(): Promise<number> {
    return (await this.#api.rpc.chain.getHeader()).number.toNumber();
  }

  async metagraph(): Promise<Metagraph> {
    const { at, block } = await this.#at();
    const q = at.query.subtensorModule;
    const [keys, permits, lastUpdate] = await Promise.all([
      q.keys.entries(this.netuid),
      q.validatorPermit(this.netuid),
      q.lastUpdate(this.netuid),
    ]);
    const permitList = (permits as unknown as Codec[]).map((c) => c.toJSON() === true);
    const updates = (lastUpdate as unknown as Codec[]).map((c) => Number(c.toString()));
    const neurons: Neuron[] = keys.map(([key, account]) => {
      const uid = Number(key.args[1].toString());
      return {
        uid,
        hotkey: toSs58(account.toU8a()),
        validatorPermit: permitList[uid] ?? false,
        lastUpdate: updates[uid] ?? 0,
      };
    }).sort((a, b) => a.uid - b.uid);
    return { netuid: this.netuid, block, neurons };
  }

  async commitments(): Promise<CommitmentEntry[]> {
    const { at } = await this.#at();
    const [keys, entries] = await Promise.all([
      at.query.subtensorModule.keys.entries(this.netuid),
      at.query.commitments.commitmentOf.entries(this.netuid),
    ]);
    const uidOf = new Map<string, number>();
    for (const [key, account] of keys) {
      uidOf.set(toSs58(account.toU8a()), Number(key.args[1].toString()));
    }
    const out: CommitmentEntry[] = [];
    for (const [key, value] of entries) {
      const hotkey = toSs58(key.args[1].toU8a());
      const reg = (value as unknown as { unwrapOr(x: null): RegistrationCodec | null })
        .unwrapOr(null);
      if (reg) out.push(decodeRegistration(hotkey, uidOf.get(hotkey) ?? null, reg));
    }
    return out.sort((a, b) => (a.uid ?? 1e9) - (b.uid ?? 1e9) || a.hotkey.localeCompare(b.hotkey));
  }

  async commitmentOf(hotkey: string): Promise<CommitmentEntry | null> {
    const { at } = await this.#at();
    const [value, uid] = await Promise.all([
      at.query.commitments.commitmentOf(this.netuid, hotkey),
      at.query.subtensorModule.uids(this.netuid, hotkey),
    ]);
    const reg = (value as unknown as { unwrapOr(x: null): RegistrationCodec | null })
      .unwrapOr(null);
    const uidOpt = uid as unknown as { isSome: boolean; unwrap(): Codec };
    const uidNumber = uidOpt.isSome ? Number(uidOpt.unwrap().toString()) : null;
    return reg ? decodeRegistration(toSs58(hotkey), uidNumber, reg) : null;
  }

  async subnetOwner(): Promise<SubnetOwner> {
    const q = (await this.#at()).at.query.subtensorModule;
    const account = await q.subnetOwnerHotkey(this.netuid);
    const hotkey = toSs58((account as unknown as Codec).toU8a());
    const uid = await q.uids(this.netuid, hotkey) as unknown as {
      isSome: boolean;
      unwrap(): Codec;
    };
    return { hotkey, uid: uid.isSome ? Number(uid.unwrap().toString()) : null };
  }

  async weightsPolicy(): Promise<WeightsPolicy> {
    const q = (await this.#at()).at.query.subtensorModule;
    const [versionKey, rateLimit, commitReveal, tempo, revealPeriod, crVersion] = await Promise
      .all([
        q.weightsVersionKey(this.netuid),
        q.weightsSetRateLimit(this.netuid),
        q.commitRevealWeightsEnabled(this.netuid),
        q.tempo(this.netuid),
        q.revealPeriodEpochs ? q.revealPeriodEpochs(this.netuid) : null,
        // Runtimes before commit-reveal versions (commit_crv3_weights) have no such item.
        q.commitRevealWeightsVersion ? q.commitRevealWeightsVersion() : null,
      ]);
    return {
      versionKey: BigInt(versionKey.toString()),
      rateLimit: Number(rateLimit.toString()),
      commitRevealEnabled: commitReveal.toJSON() === true,
      tempo: Number(tempo.toString()),
      revealPeriodEpochs: revealPeriod === null ? 1 : Number(revealPeriod.toString()),
      commitRevealVersion: crVersion === null ? 0 : Number(crVersion.toString()),
    };
  }

  async timelockInfo(): Promise<TimelockInfo> {
    return await readTimelockInfo(this.#api, (await this.#at()).at);
  }

  commitTimelockedWeights(hotkey: Hotkey, request: TimelockedCommitRequest): Promise<TxReceipt> {
    const action = `commit weights on netuid ${this.netuid}`;
    const call = timelockedCommitCall(this.#api);
    if (!call) {
      return Promise.reject(
        new RangeError(`Cannot ${action}: the runtime offers no timelocked commit call`),
      );
    }
    return submitAndWait(
      this.#api,
      commitExtrinsic(this.#api, this.netuid, call, request),
      hotkey,
      {
        action,
        timeoutMs: this.#inclusionTimeoutMs,
      },
    );
  }

  async pendingCommits(): Promise<PendingCommit[]> {
    return await readPendingCommits((await this.#at()).at, this.netuid);
  }

  async weightsOf(uid: number): Promise<StoredWeights> {
    const { at } = await this.#at();
    const row = (await at.query.subtensorModule.weights(this.netuid, uid)) as unknown as Codec[][];
    return {
      uids: row.map((pair) => Number(pair[0].toString())),
      weights: row.map((pair) => Number(pair[1].toString())),
    };
  }

  async drandPulse(round: bigint): Promise<Uint8Array | null> {
    return await readPulse((await this.#at()).at, round);
  }

  setWeights(hotkey: Hotkey, request: SetWeightsRequest): Promise<TxReceipt> {
    const action = `set weights on netuid ${this.netuid}`;
    const tx = this.#api.tx.subtensorModule;
    const version = request.versionKey.toString();
    const badValue = request.weights.find((w) => !Number.isInteger(w) || w < 0 || w > 65535);
    if (request.uids.length !== request.weights.length || badValue !== undefined) {
      return Promise.reject(
        new RangeError(
          `Cannot ${action}: need one u16 weight per uid (${request.uids.length} uids, ` +
            `${request.weights.length} weights${
              badValue === undefined ? "" : `, bad value "${badValue}"`
            })`,
        ),
      );
    }
    let call;
    if (tx.setWeights) {
      call = tx.setWeights(this.netuid, request.uids, request.weights, version);
    } else if (tx.setMechanismWeights) {
      call = tx.setMechanismWeights(this.netuid, 0, request.uids, request.weights, version);
    } else {
      return Promise.reject(
        new ChainTxError(action, "runtime offers neither set_weights nor set_mechanism_weights"),
      );
    }
    return submitAndWait(this.#api, call, hotkey, {
      action,
      timeoutMs: this.#inclusionTimeoutMs,
    });
  }

  setCommitment(hotkey: Hotkey, data: string): Promise<TxReceipt> {
    const action = `set commitment on netuid ${this.netuid}`;
    const bytes = new TextEncoder().encode(data);
    const variant = `Raw${bytes.length}`;
    if (bytes.length > MAX_COMMITMENT_BYTES || !this.#dataVariants().includes(variant)) {
      return Promise.reject(
        new RangeError(`Cannot ${action}: ${bytes.length} bytes has no "${variant}" field type`),
      );
    }
    const call = this.#api.tx.commitments.setCommitment(this.netuid, {
      fields: [{ [variant]: u8aToHex(bytes) }],
    });
    return submitAndWait(this.#api, call, hotkey, {
      action,
      timeoutMs: this.#inclusionTimeoutMs,
    });
  }

  /** Variant names of the commitments pallet's `Data` enum, read from the metadata. */
  #dataVariants(): string[] {
    for (const t of this.#api.registry.lookup.types) {
      if (t.type.path.map(String).join("::") === "pallet_commitments::types::Data") {
        return t.type.def.asVariant.variants.map((v) => v.name.toString());
      }
    }
    return [];
  }

  async close(): Promise<void> {
    try {
      await this.#api.disconnect();
    } finally {
      this.#unrouteLines();
    }
  }
}

function decodeRegistration(
  hotkey: string,
  uid: number | null,
  reg: RegistrationCodec,
): CommitmentEntry {
  const block = reg.block.toNumber();
  const base = { uid, hotkey, block };
  const field = reg.info.fields[0];
  if (!field) return { ...base, raw: "", ok: false, reason: "commitment has no fields" };
  if (!/^Raw\d+$/.test(field.type) && field.type !== "BigRaw") {
    return { ...base, raw: "", ok: false, reason: `first field is "${field.type}", not raw data` };
  }
  let raw: string;
  try {
    raw = new TextDecoder("utf-8", { fatal: true }).decode(field.value.toU8a(true));
  } catch {
    return { ...base, raw: "", ok: false, reason: "commitment is not UTF-8 text" };
  }
  if (uid === null) {
    return { ...base, raw, ok: false, reason: "hotkey is no longer registered on the subnet" };
  }
  const parsed = parseCommitment(raw);
  return parsed.ok
    ? { ...base, raw, ok: true, target: parsed.commitment }
    : { ...base, raw, ok: false, reason: parsed.reason };
}

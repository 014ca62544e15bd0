// Test helper: a JSON-RPC provider that serves recorded subtensor metadata and an in-memory
// storage, and records every submitted extrinsic. No runtime logic: outcomes are scripted.
import type {
  ProviderInterface,
  ProviderInterfaceCallback,
  ProviderInterfaceEmitCb,
  ProviderInterfaceEmitted,
} from "@polkadot/rpc-provider/types";
import { expandMetadata, Metadata, TypeRegistry } from "@polkadot/types";
import type { Extrinsic } from "@polkadot/types/interfaces";
import { compactStripLength, compactToU8a, u8aConcat, u8aToHex } from "@polkadot/util";
import { blake2AsHex } from "@polkadot/util-crypto";
import { SUBTENSOR_EXTENSIONS } from "./_extensions.ts";

/** The recorded metadata files (mainnet, November 2025). */
export interface RecordedMetadata {
  v14: string;
  v15: string;
}

/** Where the recorded metadata lives: this folder's `testdata/`. */
export const RECORDED_METADATA_DIR = new URL("testdata/", import.meta.url);

/** Reads the recorded mainnet metadata from `testdata/`. */
export async function readRecordedMetadata(): Promise<RecordedMetadata> {
  const read = async (name: string) =>
    (await Deno.readTextFile(new URL(name, RECORDED_METADATA_DIR))).trim();
  return { v14: await read("finney-metadata-v14.hex"), v15: await read("finney-metadata-v15.hex") };
}

/** What happens to a submitted extrinsic. */
export type SubmitOutcome =
  | { kind: "ok" }
  /** Included in a block, then failed with a pallet error, e.g. `SubtensorModule.X`. */
  | { kind: "module-error"; error: string }
  /**
   * Rejected by the transaction pool, as `Invalid Transaction: Custom error: N` (text) or as
   * `{"invalid":{"custom":N}}` (json).
   */
  | { kind: "pool-error"; code: number; form?: "text" | "json" };

/** One submitted extrinsic, decoded with the recorded metadata. */
export interface Submitted {
  hex: string;
  extrinsic: Extrinsic;
}

const SPEC_VERSION = 331;

function blockHash(n: number): string {
  return "0x" + n.toString(16).padStart(64, "0");
}

/**
 * A {@link ProviderInterface} backed by recorded metadata, for codec tests of
 * `SubtensorChain` without a node.
 */
export class FakeSubtensorProvider implements ProviderInterface {
  readonly hasSubscriptions = true;
  readonly isClonable = false;
  readonly registry: TypeRegistry;
  readonly metadata: Metadata;
  readonly submitted: Submitted[] = [];
  /** Every RPC method called, in order. */
  readonly calls: string[] = [];
  /** Decides the fate of each submitted extrinsic. @default ok */
  onSubmit: (ext: Extrinsic) => SubmitOutcome = () => ({ kind: "ok" });
  best: number;
  #connected = true;
  #listeners = new Map<ProviderInterfaceEmitted, Set<ProviderInterfaceEmitCb>>();
  #storage = new Map<string, string>();
  #blockStorage = new Map<number, Map<string, string>>();
  #blockExtrinsics = new Map<number, string[]>();
  #nextSub = 1;
  #hashes = new Map<number, string>();
  #numbers = new Map<string, number>();
  #nonces = new Map<string, number>();
  #recorded: RecordedMetadata;
  #query: ReturnType<typeof expandMetadata>["query"];

  constructor(recorded: RecordedMetadata, options: { best?: number } = {}) {
    this.#recorded = recorded;
    this.best = options.best ?? 4_000_000;
    this.registry = new TypeRegistry();
    this.metadata = new Metadata(this.registry, recorded.v14 as `0x${string}`);
    this.registry.setMetadata(this.metadata, undefined, SUBTENSOR_EXTENSIONS, true);
    this.#query = expandMetadata(this.registry, this.metadata).query;
  }

  get isConnected(): boolean {
    return this.#connected;
  }

  clone(): ProviderInterface {
    throw new Error("FakeSubtensorProvider cannot be cloned");
  }

  connect(): Promise<void> {
    this.#connected = true;
    this.#emit("connected");
    return Promise.resolve();
  }

  disconnect(): Promise<void> {
    this.#connected = false;
    this.#emit("disconnected");
    return Promise.resolve();
  }

  on(type: ProviderInterfaceEmitted, sub: ProviderInterfaceEmitCb): () => void {
    const set = this.#listeners.get(type) ?? new Set();
    set.add(sub);
    this.#listeners.set(type, set);
    return () => set.delete(sub);
  }

  #emit(type: ProviderInterfaceEmitted): void {
    for (const cb of this.#listeners.get(type) ?? []) cb();
  }

  /** Storage key of `section.method(...keys)` (camelCase names, as in `api.query`). */
  storageKey(section: string, method: string, ...keys: unknown[]): string {
    // deno-lint-ignore no-explicit-any
    const entry = (this.#query as any)[section]?.[method];
    if (!entry) throw new Error(`FakeSubtensorProvider: no storage ${section}.${method}`);
    // The decorated function returns the key with a SCALE length prefix.
    return u8aToHex(compactStripLength(entry(...keys))[1]).toLowerCase();
  }

  /** Type name of the value of `section.method`. */
  storageType(section: string, method: string): string {
    // deno-lint-ignore no-explicit-any
    const entry = (this.#query as any)[section][method];
    const ty = entry.meta.type;
    const id = ty.isPlain ? ty.asPlain : ty.asMap.value;
    return this.registry.createLookupType(id);
  }

  /** Stores `value` (encoded with the storage item's type) under `section.method(...keys)`. */
  setStorage(section: string, method: string, keys: unknown[], value: unknown): void {
    const key = this.storageKey(section, method, ...keys);
    // toU8a, not toHex: toHex of an integer is its big-endian value, not its SCALE bytes.
    const encoded = u8aToHex(
      this.registry.createType(this.storageType(section, method), value).toU8a(),
    );
    this.#storage.set(key, encoded);
  }

  /** Index of a pallet error by `Pallet.Error` name. */
  moduleError(name: string): { index: number; error: number } {
    const [palletName, errorName] = name.split(".");
    const pallet = this.metadata.asLatest.pallets.find((p) => p.name.eq(palletName));
    if (!pallet || pallet.errors.isNone) throw new Error(`No pallet errors for ${palletName}`);
    const variants = this.registry.lookup.getSiType(pallet.errors.unwrap().type).def.asVariant
      .variants;
    const variant = variants.find((v) => v.name.eq(errorName));
    if (!variant) throw new Error(`No error ${name}`);
    return { index: pallet.index.toNumber(), error: variant.index.toNumber() };
  }

  #encodeEvent(palletName: string, eventName: string, fields: unknown[]): Uint8Array {
    const pallet = this.metadata.asLatest.pallets.find((p) => p.name.eq(palletName))!;
    const variant = this.registry.lookup.getSiType(pallet.events.unwrap().type).def.asVariant
      .variants.find((v) => v.name.eq(eventName))!;
    const data = variant.fields.map((f, i) =>
      this.registry.createType(this.registry.createLookupType(f.type), fields[i]).toU8a()
    );
    return u8aConcat(
      new Uint8Array([pallet.index.toNumber(), variant.index.toNumber()]),
      ...data,
    );
  }

  #header(n: number) {
    return {
      parentHash: blockHash(Math.max(0, n - 1)),
      number: "0x" + n.toString(16),
      stateRoot: blockHash(0),
      extrinsicsRoot: blockHash(0),
      digest: { logs: [] },
    };
  }

  /** Hash of block `n`: the hash of its header, as the api computes it. */
  hashOf(n: number): string {
    let hash = this.#hashes.get(n);
    if (!hash) {
      hash = this.registry.createType("Header", this.#header(n)).hash.toHex();
      this.#hashes.set(n, hash);
      this.#numbers.set(hash, n);
    }
    return hash;
  }

  #blockOf(hash: unknown): number {
    if (typeof hash !== "string") return this.best;
    const n = this.#numbers.get(hash.toLowerCase());
    if (n !== undefined) return n;
    if (/^0x0{40}/.test(hash)) return parseInt(hash.slice(2), 16);
    throw new Error(`FakeSubtensorProvider: unknown block hash ${hash}`);
  }

  #runtimeVersion() {
    return {
      specName: "node-subtensor",
      implName: "node-subtensor",
      authoringVersion: 1,
      specVersion: SPEC_VERSION,
      implVersion: 1,
      apis: [[blake2AsHex("Metadata", 64), 2]],
      transactionVersion: 1,
      stateVersion: 1,
    };
  }

  #get(key: string, at: unknown): string | null {
    const n = this.#blockOf(at);
    return this.#blockStorage.get(n)?.get(key.toLowerCase()) ??
      this.#storage.get(key.toLowerCase()) ?? null;
  }

  send<T>(method: string, params: unknown[]): Promise<T> {
    this.calls.push(method);
    try {
      return Promise.resolve(this.#handle(method, params) as T);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  #handle(method: string, params: unknown[]): unknown {
    switch (method) {
      case "rpc_methods":
        return { version: 1, methods: [...METHODS] };
      case "system_chain":
        return "Bittensor";
      case "system_properties":
        return { ss58Format: 42, tokenDecimals: 9, tokenSymbol: "TAO" };
      case "system_health":
        return { peers: 1, isSyncing: false, shouldHavePeers: true };
      case "system_accountNextIndex":
        return this.#nonces.get(String(params[0])) ?? 0;
      case "chain_getBlockHash":
        return this.hashOf(
          params[0] === undefined || params[0] === null ? this.best : Number(params[0]),
        );
      case "chain_getFinalizedHead":
        return this.hashOf(this.best);
      case "chain_getHeader": {
        const n = this.#blockOf(params[0]);
        this.hashOf(n);
        return this.#header(n);
      }
      case "chain_getBlock": {
        const n = this.#blockOf(params[0]);
        return {
          block: { header: this.#header(n), extrinsics: this.#blockExtrinsics.get(n) ?? [] },
          justifications: null,
        };
      }
      case "state_getRuntimeVersion":
        return this.#runtimeVersion();
      case "state_getMetadata":
        return this.#recorded.v14;
      case "state_call": {
        const [name, data] = params as [string, string];
        if (name === "Metadata_metadata_versions") return "0x080e0000000f000000";
        if (name === "AccountNonceApi_account_nonce") {
          const who = this.registry.createType("AccountId32", data).toString();
          return u8aToHex(this.registry.createType("u32", this.#nonces.get(who) ?? 0).toU8a());
        }
        if (name === "Metadata_metadata_at_version" && data === "0x0f000000") {
          return this.#recorded.v15;
        }
        throw new Error(`FakeSubtensorProvider: unsupported state_call ${name}`);
      }
      case "state_getStorage":
        return this.#get(String(params[0]), params[1]);
      case "state_queryStorageAt": {
        const keys = params[0] as string[];
        return [{
          block: this.hashOf(this.#blockOf(params[1])),
          changes: keys.map((k) => [k, this.#get(k, params[1])]),
        }];
      }
      case "state_getKeysPaged": {
        const [prefix, count, startKey] = params as [string, number, string | undefined];
        const p = prefix.toLowerCase();
        return [...this.#storage.keys()]
          .filter((k) => k.startsWith(p) && (!startKey || k > startKey.toLowerCase()))
          .sort()
          .slice(0, count);
      }
      default:
        throw new Error(`FakeSubtensorProvider: unsupported RPC ${method}`);
    }
  }

  subscribe(
    _type: string,
    method: string,
    params: unknown[],
    cb: ProviderInterfaceCallback,
  ): Promise<number | string> {
    this.calls.push(method);
    const id = this.#nextSub++;
    if (method === "state_subscribeRuntimeVersion") return Promise.resolve(id);
    if (method !== "author_submitAndWatchExtrinsic") {
      return Promise.reject(new Error(`FakeSubtensorProvider: unsupported subscription ${method}`));
    }
    const hex = String(params[0]);
    const extrinsic = this.registry.createType("Extrinsic", hex) as unknown as Extrinsic;
    this.submitted.push({ hex, extrinsic });
    const outcome = this.onSubmit(extrinsic);
    if (outcome.kind === "pool-error") {
      return Promise.reject(
        new Error(
          outcome.form === "json"
            ? `1010: Invalid Transaction: {"invalid":{"custom":${outcome.code}}}`
            : `1010: Invalid Transaction: Custom error: ${outcome.code}`,
        ),
      );
    }
    const signer = extrinsic.signer.toString();
    this.#nonces.set(signer, (this.#nonces.get(signer) ?? 0) + 1);
    const n = ++this.best;
    this.#blockExtrinsics.set(n, [hex]);
    const info = { weight: { refTime: 0, proofSize: 0 }, class: "Normal", paysFee: "No" };
    const event = outcome.kind === "ok"
      ? this.#encodeEvent("System", "ExtrinsicSuccess", [info])
      : this.#encodeEvent("System", "ExtrinsicFailed", [
        { Module: { ...this.moduleError(outcome.error), error: this.#errorBytes(outcome.error) } },
        info,
      ]);
    // EventRecord = Phase::ApplyExtrinsic(0) ++ event ++ topics (empty)
    const record = u8aConcat(new Uint8Array([0, 0, 0, 0, 0]), event, new Uint8Array([0]));
    const events = u8aToHex(u8aConcat(compactToU8a(1), record));
    this.#blockStorage.set(n, new Map([[this.storageKey("system", "events"), events]]));
    queueMicrotask(() => {
      cb(null, "ready");
      cb(null, { inBlock: this.hashOf(n) });
    });
    return Promise.resolve(id);
  }

  #errorBytes(name: string): string {
    const { error } = this.moduleError(name);
    return u8aToHex(new Uint8Array([error, 0, 0, 0]));
  }

  unsubscribe(_type: string, method: string, _id: number | string): Promise<boolean> {
    this.calls.push(method);
    return Promise.resolve(true);
  }
}

const METHODS = [
  "rpc_methods",
  "system_chain",
  "system_properties",
  "system_health",
  "system_accountNextIndex",
  "chain_getBlockHash",
  "chain_getFinalizedHead",
  "chain_getHeader",
  "chain_getBlock",
  "state_getRuntimeVersion",
  "state_getMetadata",
  "state_call",
  "state_getStorage",
  "state_queryStorageAt",
  "state_getKeysPaged",
  "state_subscribeRuntimeVersion",
  "state_unsubscribeRuntimeVersion",
  "author_submitAndWatchExtrinsic",
  "author_unwatchExtrinsic",
];

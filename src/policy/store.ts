/**
 * Models by hash: downloaded once (streamed through SHA-256 into a temporary file, with size,
 * stall and total-time limits), kept in a cache directory as `<sha256>.onnx`, and read back
 * with the hash checked while reading (one copy of the file in memory).
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { MinerError } from "../errors/mod.ts";
import { DEFAULT_MODEL_LIMITS } from "./contract.ts";

const SHA256_REGEXP = /^[0-9a-f]{64}$/;

/** Options of {@link ModelStore}. */
export interface ModelStoreOptions {
  /** Cache directory (created when missing). */
  dir: string;
  /** Largest download. @default DEFAULT_MODEL_LIMITS.maxBytes */
  maxBytes?: number;
  /** Longest wait for the next bytes of a download. @default 30000 */
  stallMs?: number;
  /** Longest whole download. @default 300000 */
  timeoutMs?: number;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

/** A cache of models by SHA-256. */
export class ModelStore {
  readonly #dir: string;
  readonly #maxBytes: number;
  readonly #stallMs: number;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;

  constructor(options: ModelStoreOptions) {
    this.#dir = options.dir;
    this.#maxBytes = options.maxBytes ?? DEFAULT_MODEL_LIMITS.maxBytes;
    this.#stallMs = options.stallMs ?? 30_000;
    this.#timeoutMs = options.timeoutMs ?? 300_000;
    this.#fetch = options.fetch ?? fetch;
  }

  /** Path of a cached model. */
  pathOf(sha256: string): string {
    if (!SHA256_REGEXP.test(sha256)) throw new TypeError(`Cannot use hash "${sha256}"`);
    return join(this.#dir, `${sha256}.onnx`);
  }

  /**
   * The model's bytes: from the cache (hash checked while reading), else downloaded from
   * `url` first.
   *
   * @throws {MinerError} `miner_model_unavailable` (HTTP error, stall, timeout, truncated,
   *   too large) or `miner_model_hash_mismatch`
   */
  async get(sha256: string, url: string, signal?: AbortSignal): Promise<Uint8Array> {
    const path = this.pathOf(sha256);
    const cached = await readVerified(path, sha256).catch((err) => {
      if (err instanceof Deno.errors.NotFound) return null;
      throw err;
    });
    if (cached !== null) return cached;
    await this.download(sha256, url, signal);
    const bytes = await readVerified(path, sha256);
    if (bytes === null) throw new Error(`Cannot read the cached model "${path}"`);
    return bytes;
  }

  /** Downloads `url` into the cache as `sha256` unless it is there. */
  async download(sha256: string, url: string, signal?: AbortSignal): Promise<void> {
    const path = this.pathOf(sha256);
    await Deno.mkdir(this.#dir, { recursive: true });
    const where = `Cannot download the model "${url}"`;
    const ac = new AbortController();
    const total = setTimeout(
      () => ac.abort(new Error(`no end after ${this.#timeoutMs} ms`)),
      this.#timeoutMs,
    );
    const onAbort = () => ac.abort(signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    const tmp = `${path}.${crypto.randomUUID()}.part`;
    let stall: ReturnType<typeof setTimeout> | undefined;
    const armStall = () => {
      clearTimeout(stall);
      stall = setTimeout(
        () => ac.abort(new Error(`no bytes for ${this.#stallMs} ms`)),
        this.#stallMs,
      );
    };
    try {
      armStall();
      let res: Response;
      try {
        res = await this.#fetch(url, { signal: ac.signal, redirect: "follow" });
      } catch (cause) {
        throw unavailable(`${where}: ${reason(ac.signal, cause)}`, cause);
      }
      if (!res.ok || res.body === null) {
        await res.body?.cancel();
        throw unavailable(`${where}: HTTP ${res.status}`);
      }
      const declared = Number(res.headers.get("content-length") ?? NaN);
      if (declared > this.#maxBytes) {
        await res.body.cancel();
        throw unavailable(`${where}: ${declared} bytes, over ${this.#maxBytes}`);
      }
      const hash = createHash("sha256");
      let size = 0;
      using file = await Deno.open(tmp, { write: true, createNew: true });
      const reader = res.body.getReader();
      try {
        for (;;) {
          armStall();
          const { done, value } = await reader.read();
          if (done) break;
          size += value.length;
          if (size > this.#maxBytes) throw unavailable(`${where}: over ${this.#maxBytes} bytes`);
          hash.update(value);
          for (let off = 0; off < value.length;) off += await file.write(value.subarray(off));
        }
      } catch (cause) {
        await reader.cancel().catch(() => {});
        if (cause instanceof MinerError) throw cause;
        if (!ac.signal.aborted && Number.isFinite(declared) && size < declared) {
          throw unavailable(`${where}: truncated at ${size} of ${declared} bytes`, cause);
        }
        throw unavailable(`${where}: ${reason(ac.signal, cause)}`, cause);
      }
      if (Number.isFinite(declared) && size !== declared) {
        throw unavailable(`${where}: truncated at ${size} of ${declared} bytes`);
      }
      const got = hash.digest("hex");
      if (got !== sha256) {
        throw new MinerError(
          "miner_model_hash_mismatch",
          `Cannot use the model "${url}": its SHA-256 is ${got}, the commitment says ${sha256}`,
        );
      }
      await Deno.rename(tmp, path);
    } finally {
      clearTimeout(stall);
      clearTimeout(total);
      signal?.removeEventListener("abort", onAbort);
      await Deno.remove(tmp).catch(() => {});
    }
  }
}

/**
 * Reads a file into one buffer, hashing each chunk as it arrives. Returns null when the
 * content does not match `sha256` (the file is then removed).
 */
async function readVerified(path: string, sha256: string): Promise<Uint8Array | null> {
  using file = await Deno.open(path, { read: true });
  const { size } = await file.stat();
  const bytes = new Uint8Array(size);
  const hash = createHash("sha256");
  let off = 0;
  while (off < size) {
    // large reads: 16 MiB chunks read twice as fast as readFile() here
    const n = await file.read(bytes.subarray(off, Math.min(size, off + (16 << 20))));
    if (n === null) break;
    hash.update(bytes.subarray(off, off + n));
    off += n;
  }
  if (off !== size || hash.digest("hex") !== sha256) {
    await Deno.remove(path).catch(() => {});
    return null;
  }
  return bytes;
}

/** SHA-256 of a file, read in chunks (the CLI's `commit --model`). */
export async function hashFile(path: string): Promise<{ sha256: string; bytes: number }> {
  using file = await Deno.open(path, { read: true });
  const hash = createHash("sha256");
  const buf = new Uint8Array(1 << 20);
  let bytes = 0;
  for (;;) {
    const n = await file.read(buf);
    if (n === null) break;
    hash.update(buf.subarray(0, n));
    bytes += n;
  }
  return { sha256: hash.digest("hex"), bytes };
}

function unavailable(message: string, cause?: unknown): MinerError {
  return new MinerError("miner_model_unavailable", message, { cause });
}

function reason(signal: AbortSignal, cause: unknown): string {
  const r = signal.aborted ? signal.reason : cause;
  return r instanceof Error ? r.message : String(r);
}

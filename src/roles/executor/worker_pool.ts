/**
 * Runs episodes in Web Workers, one per core by default: each worker owns a MuJoCo instance,
 * environments and a renderer, so simulation and rendering of different episodes run in
 * parallel. Episodes go to the worker with the fewest in flight. A worker that crashes fails
 * its episodes as `infra_error` (through the loop) and is replaced.
 */
import type { Logger } from "../../log/mod.ts";
import { awaitReady, startWorker, stopWorker } from "../../workers/mod.ts";
import type { ThreadSettings } from "./local.ts";
import type { EpisodeExecutor } from "./runner.ts";
import type { EpisodeResult, EpisodeTask } from "./types.ts";
import type { ToWorker } from "./worker.ts";

type FromWorker =
  | { type: "result"; id: number; result: EpisodeResult }
  | { type: "failed"; id: number; message: string };

interface Pending {
  resolve: (r: EpisodeResult) => void;
  reject: (e: Error) => void;
}

interface Slot {
  index: number;
  worker: Worker;
  pending: Map<number, Pending>;
  ready: Promise<string>;
  /** Set once the worker crashed or was terminated. */
  dead: boolean;
}

/** Options of {@link WorkerPool.create}. */
export interface WorkerPoolOptions {
  /** What each worker needs to run episodes (plain data). */
  settings: ThreadSettings;
  log: Logger;
  /** Worker entry module (tests). @default `./worker.ts` beside this file */
  workerUrl?: URL;
}

/** A pool of episode Workers. */
export class WorkerPool implements EpisodeExecutor {
  readonly #settings: ThreadSettings;
  readonly #log: Logger;
  readonly #url: URL;
  readonly #slots: Slot[] = [];
  #nextId = 1;
  #closed = false;
  /** Renderer backend the workers use. */
  backend = "";

  private constructor(options: WorkerPoolOptions) {
    this.#settings = options.settings;
    this.#log = options.log;
    this.#url = options.workerUrl ?? new URL("./worker.ts", import.meta.url);
  }

  /**
   * Starts `count` workers and waits until each has loaded its renderer.
   *
   * @throws {DependencyError} when a worker cannot create its renderer (no WebGPU adapter)
   */
  static async create(count: number, options: WorkerPoolOptions): Promise<WorkerPool> {
    const pool = new WorkerPool(options);
    for (let i = 0; i < count; i++) pool.#slots.push(pool.#spawn(i));
    pool.backend = await awaitReady(pool.#slots.map((s) => s.ready), () => pool.close());
    return pool;
  }

  /** Workers in the pool. */
  get size(): number {
    return this.#slots.length;
  }

  /** Same as {@link size}. */
  get workers(): number {
    return this.#slots.length;
  }

  run(task: EpisodeTask, signal?: AbortSignal): Promise<EpisodeResult> {
    if (this.#closed) return Promise.reject(new TypeError("Cannot run an episode: pool closed"));
    const slot = this.#slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.#nextId++;
    return new Promise<EpisodeResult>((resolve, reject) => {
      const onAbort = () => slot.worker.postMessage({ type: "abort", id } satisfies ToWorker);
      signal?.addEventListener("abort", onAbort, { once: true });
      const done = () => signal?.removeEventListener("abort", onAbort);
      slot.pending.set(id, {
        resolve: (r) => (done(), resolve(r)),
        reject: (e) => (done(), reject(e)),
      });
      slot.worker.postMessage({ type: "run", id, task } satisfies ToWorker);
      if (signal?.aborted) onAbort();
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const message: ToWorker = { type: "close" };
    await Promise.all(
      this.#slots.filter((slot) => !slot.dead).map((slot) => stopWorker(slot.worker, { message })),
    );
    for (const slot of this.#slots) this.#failAll(slot, "the pool closed");
  }

  #spawn(index: number): Slot {
    const pending = new Map<number, Pending>();
    const { worker, ready } = startWorker<FromWorker>(this.#url, {
      label: "executor worker",
      index,
      init: { type: "init", settings: this.#settings, workerIndex: index } satisfies ToWorker,
      onMessage(msg) {
        const p = pending.get(msg.id);
        pending.delete(msg.id);
        if (msg.type === "result") p?.resolve(msg.result);
        else p?.reject(new Error(`Cannot run episode in worker ${index}: ${msg.message}`));
      },
      onCrash: (message, started) => this.#crashed(slot, message, started),
    });
    const slot: Slot = { index, worker, pending, ready, dead: false };
    return slot;
  }

  #crashed(slot: Slot, message: string, started: boolean): void {
    const index = slot.index;
    if (started) this.#log.error("Executor worker crashed", { worker: index, error: message });
    slot.dead = true;
    slot.worker.terminate();
    this.#failAll(slot, `worker ${index} crashed: ${message}`);
    // Replace a worker that crashed while running; one that never started would again.
    if (!this.#closed && started) {
      const fresh = this.#spawn(index);
      this.#slots[this.#slots.indexOf(slot)] = fresh;
      fresh.ready.catch((err) =>
        this.#log.error("Cannot restart executor worker", { worker: index, error: String(err) })
      );
    }
  }

  #failAll(slot: Slot, why: string): void {
    for (const p of slot.pending.values()) p.reject(new Error(`Cannot finish episode: ${why}`));
    slot.pending.clear();
  }
}

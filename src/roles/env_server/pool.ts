/**
 * The env server's workers (one per core by default) and {@link VecSession}: N environments
 * spread round-robin over them, reset and stepped together; each worker writes its share of
 * a batch into one shared buffer, so a step costs one message per worker and no copies.
 */
import { getTask, listEnvs } from "../../envs/mod.ts";
import { NotFoundError, ValidationError } from "../../errors/mod.ts";
import type { RendererBackend } from "../../render/mod.ts";
import { awaitReady, startWorker, stopWorker } from "../../workers/mod.ts";
import { type BatchLayout, batchLayout, type Hello, type Welcome } from "./protocol.ts";
import type { RecordedEpisode } from "./record.ts";
import type { OpenGroup, ToEnvWorker } from "./worker.ts";

type FromWorker =
  | { type: "done"; id: number; result?: unknown }
  | { type: "error"; id: number; message: string };

/** Camera names a policy receives, in the model contract's order. */
export const POLICY_CAMERAS = ["corner", "gripper"] as const;

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve: (result: unknown) => void; reject: (e: Error) => void }>;
}

/** Web Workers owning environments and renderers. */
export class EnvWorkers {
  readonly #slots: Slot[] = [];
  #nextId = 1;
  #nextGroup = 1;
  #closing = false;
  backend = "";

  private constructor() {}

  /** Starts `count` workers and waits until each has its renderer. */
  static async create(count: number, renderer: RendererBackend = "auto"): Promise<EnvWorkers> {
    const pool = new EnvWorkers();
    const url = new URL("./worker.ts", import.meta.url);
    const ready: Promise<string>[] = [];
    for (let i = 0; i < count; i++) {
      const pending: Slot["pending"] = new Map();
      const started = startWorker<FromWorker>(url, {
        label: "env worker",
        index: i,
        init: { type: "init", renderer } satisfies ToEnvWorker,
        onMessage(m) {
          const p = pending.get(m.id);
          pending.delete(m.id);
          if (m.type === "done") p?.resolve(m.result);
          else p?.reject(new ValidationError(m.message));
        },
        onCrash(message) {
          const err = new Error(`Env worker ${i} crashed: ${message}`);
          for (const p of pending.values()) p.reject(err);
          pending.clear();
        },
      });
      ready.push(started.ready);
      pool.#slots.push({ worker: started.worker, pending });
    }
    pool.backend = await awaitReady(ready, () => pool.close());
    return pool;
  }

  get size(): number {
    return this.#slots.length;
  }

  /** Sends a request to worker `w`; resolves with the worker's result when it is done. */
  request<T = void>(w: number, msg: Record<string, unknown>): Promise<T> {
    const slot = this.#slots[w];
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      slot.pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
      slot.worker.postMessage({ ...msg, id });
    });
  }

  newGroup(): number {
    return this.#nextGroup++;
  }

  /**
   * Stops the workers: each frees its environments and renderer and exits (terminated after
   * 5 s). Terminating a worker that holds native renderer state can crash the process.
   */
  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    const message: ToEnvWorker = { type: "shutdown" };
    await Promise.all(this.#slots.map((s) => stopWorker(s.worker, { message })));
    for (const s of this.#slots) {
      for (const p of s.pending.values()) p.reject(new Error("Env workers closed"));
      s.pending.clear();
    }
  }
}

/**
 * Resolves a hello's env ids against the registry.
 * @throws {NotFoundError} for an unknown id, listing the valid ones
 */
export function resolveEnvIds(hello: Hello): string[] {
  const known = new Set(listEnvs().map((e) => e.id));
  for (const id of hello.env_ids) {
    if (!known.has(id)) {
      throw new NotFoundError(
        `Cannot find environment "${id}": valid ids are ${[...known].join(", ")}`,
      );
    }
  }
  return Array.from({ length: hello.num_envs }, (_, i) => hello.env_ids[i % hello.env_ids.length]);
}

/** N environments of one client over the shared workers. */
export class VecSession {
  readonly welcome: Welcome;
  readonly layout: BatchLayout;
  /** The batch of the last reset/step (layout {@link layout}). */
  readonly buffer: SharedArrayBuffer;
  readonly #pool: EnvWorkers;
  readonly #group: number;
  readonly #used: number[];
  #closed = false;

  private constructor(pool: EnvWorkers, welcome: Welcome, group: number, used: number[]) {
    this.#pool = pool;
    this.welcome = welcome;
    this.#group = group;
    this.#used = used;
    this.layout = batchLayout(welcome.num_envs, welcome.cameras.length, welcome.image_size);
    this.buffer = new SharedArrayBuffer(this.layout.bytes);
  }

  /**
   * Loads the environments of `hello` in the workers.
   * @throws {NotFoundError} for an unknown env id
   */
  static async open(
    pool: EnvWorkers,
    hello: Hello,
    taskIds: readonly string[],
  ): Promise<VecSession> {
    const envIds = resolveEnvIds(hello);
    const n = envIds.length;
    const cameras = hello.cameras ? [...POLICY_CAMERAS] : [];
    const group = pool.newGroup();
    const used: number[] = [];
    const opens: Promise<void>[] = [];
    for (let w = 0; w < Math.min(pool.size, n); w++) {
      const indices = envIds.map((_, i) => i).filter((i) => i % pool.size === w);
      const msg: Omit<OpenGroup, "id"> = {
        type: "open",
        group,
        envIds: indices.map((i) => envIds[i]),
        indices,
        total: n,
        cameras,
        size: hello.image_size,
        randomize: hello.randomize,
        maxSteps: hello.max_steps,
        oracle: hello.policy === "oracle",
        noise: hello.oracle_noise,
      };
      used.push(w);
      opens.push(pool.request(w, msg));
    }
    const session = new VecSession(
      pool,
      {
        protocol: 1,
        "num_envs": n,
        "env_ids": envIds,
        "task_index": envIds.map((id) => taskIds.indexOf(id)),
        "task_ids": [...taskIds],
        cameras,
        "image_size": hello.image_size,
        "proprio_dim": 4,
        "action_dim": 4,
        "max_steps": [],
      },
      group,
      used,
    );
    const settled = await Promise.allSettled(opens);
    const failed = settled.find((s) => s.status === "rejected");
    if (failed) {
      await session.close();
      throw (failed as PromiseRejectedResult).reason;
    }
    session.welcome.max_steps = envIds.map((id) => hello.max_steps ?? getTask(id).episodeSteps);
    return session;
  }

  /** Resets every env: `seeds[i] >= 0` uses that seed, a negative one the env's stream. */
  async reset(seeds: Float64Array): Promise<void> {
    await this.#all({ type: "reset", seeds, out: this.buffer });
  }

  /** Steps every env with `actions` (`f32[N*4]`); finished envs reset instead (next step). */
  async step(actions: Float32Array): Promise<void> {
    await this.#all({ type: "step", actions, out: this.buffer });
  }

  /**
   * Demonstrations (`policy: oracle`): every worker runs `ticks` more ticks of its envs on its
   * own (after a reset to `seeds` when given) and answers the episodes that ended in them.
   * Chunks queue in the workers, so a caller keeps the next one waiting while it writes.
   * `retired` (`u8[N]` over a SharedArrayBuffer, set by the caller at any time): 1 for an env
   * whose episodes no longer count, which the workers then stop drawing and recording.
   */
  async record(
    ticks: number,
    seeds: Float64Array | null,
    retired: Uint8Array,
  ): Promise<RecordedEpisode[]> {
    if (this.#closed) throw new ValidationError("Cannot use a closed session");
    const msg = { type: "record", group: this.#group, ticks, seeds, out: this.buffer, retired };
    const parts = await Promise.all(
      this.#used.map((w) => this.#pool.request<RecordedEpisode[]>(w, msg)),
    );
    return parts.flat();
  }

  async #all(msg: Record<string, unknown>): Promise<void> {
    if (this.#closed) throw new ValidationError("Cannot use a closed session");
    await Promise.all(this.#used.map((w) => this.#pool.request(w, { ...msg, group: this.#group })));
  }

  /** Frees the session's environments in the workers. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.allSettled(
      this.#used.map((w) => this.#pool.request(w, { type: "close", group: this.#group })),
    );
  }
}

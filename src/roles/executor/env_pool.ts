/**
 * A pool of environments per (env id, step limit). Each concurrent episode takes its own
 * instance: simulators are never shared between episodes in flight.
 */
import { type Env, makeEnv } from "../../envs/mod.ts";

/** Hands out idle environments and keeps them for reuse (a scene loads in ~10–50 ms). */
export class EnvPool implements Disposable {
  readonly #idle = new Map<string, Env[]>();
  readonly #busy = new Set<Env>();
  #closed = false;

  /** Takes an idle environment of `envId` or loads a new one. */
  async acquire(envId: string, maxSteps: number): Promise<Env> {
    if (this.#closed) throw new TypeError("Cannot acquire an env: the pool is closed");
    const key = `${envId}#${maxSteps}`;
    const env = this.#idle.get(key)?.pop() ?? await makeEnv(envId, { maxSteps });
    this.#busy.add(env);
    return env;
  }

  /** Returns an environment for reuse (every episode resets it from its seed). */
  release(env: Env): void {
    if (!this.#busy.delete(env)) return;
    if (this.#closed) return env[Symbol.dispose]();
    const key = `${env.id}#${env.maxSteps}`;
    const list = this.#idle.get(key) ?? [];
    list.push(env);
    this.#idle.set(key, list);
  }

  /** Number of loaded environments, idle and busy. */
  get size(): number {
    let n = this.#busy.size;
    for (const l of this.#idle.values()) n += l.length;
    return n;
  }

  /** Frees idle environments now and busy ones when released. */
  [Symbol.dispose](): void {
    this.#closed = true;
    for (const list of this.#idle.values()) for (const env of list) env[Symbol.dispose]();
    this.#idle.clear();
  }
}

import type { Db } from "../../../../db/mod.ts";

/** A small least-recently-used map. */
export class Lru<K, V> {
  readonly #max: number;
  readonly #map = new Map<K, V>();

  constructor(max: number) {
    this.#max = max;
  }

  get(key: K): V | undefined {
    const v = this.#map.get(key);
    if (v !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, v);
    }
    return v;
  }

  set(key: K, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    while (this.#map.size > this.#max) this.#map.delete(this.#map.keys().next().value!);
  }
}

const caches = new WeakMap<Db, Map<string, Lru<unknown, unknown>>>();

/**
 * The cache named `name` of one database (one per app, dropped with it). Finished cycles
 * never change, so what is derived from them is kept; live data is kept briefly.
 */
export function cacheOf<K, V>(db: Db, name: string, max: number): Lru<K, V> {
  let byName = caches.get(db);
  if (!byName) {
    byName = new Map();
    caches.set(db, byName);
  }
  let lru = byName.get(name);
  if (!lru) {
    lru = new Lru(max);
    byName.set(name, lru);
  }
  return lru as Lru<K, V>;
}

/**
 * Memoizes `load` per key: one computation in flight per key (concurrent viewers share it),
 * kept for `ttlMs` (Infinity: until evicted). A failed load is not kept.
 */
export function memo<V>(
  cache: Lru<string, { at: number; value: Promise<V> }>,
  key: string,
  ttlMs: number,
  load: () => Promise<V>,
): Promise<V> {
  const hit = cache.get(key);
  const now = performance.now();
  if (hit && now - hit.at < ttlMs) return hit.value;
  const value = load();
  cache.set(key, { at: now, value });
  value.catch(() => {
    if (cache.get(key)?.value === value) cache.set(key, { at: -Infinity, value });
  });
  return value;
}

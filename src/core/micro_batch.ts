/**
 * Coalesces items pushed in the same turn of the event loop (or until `maxBatch` are waiting)
 * into one call of `run`: the shared queue of batched rendering and batched inference.
 */
export class MicroBatch<T> {
  readonly #maxBatch: number;
  readonly #run: (batch: T[]) => void;
  #queue: T[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** `run` receives every non-empty batch, at most `maxBatch` items each. */
  constructor(maxBatch: number, run: (batch: T[]) => void) {
    this.#maxBatch = maxBatch;
    this.#run = run;
  }

  /** Queues `item`; the batch runs when full, else on the next turn of the event loop. */
  push(item: T): void {
    this.#queue.push(item);
    if (this.#queue.length >= this.#maxBatch) this.flush();
    else this.#timer ??= setTimeout(() => this.flush(), 0);
  }

  /** Runs what is queued now (nothing when the queue is empty). */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#queue;
    this.#queue = [];
    if (batch.length > 0) this.#run(batch);
  }
}

import { DependencyError } from "../errors/mod.ts";

/**
 * What a worker of this protocol posts as it starts and stops: `ready` (naming the renderer
 * backend it loaded) or `init-error` after the `init` message, `closed` after the stop message.
 * `name` of an `init-error` is the error's class name; `DependencyError` stays one.
 */
export type LifecycleMessage =
  | { type: "ready"; backend: string }
  | { type: "init-error"; name?: string; message: string }
  | { type: "closed" };

/** Options of {@link startWorker}. */
export interface StartWorkerOptions<M> {
  /** How errors name the worker, e.g. `executor worker`. */
  label: string;
  /** Its index in its pool (in error messages). */
  index: number;
  /** The `init` message posted once the handlers are set. */
  init: unknown;
  /** Every message that is not a {@link LifecycleMessage}. */
  onMessage(msg: M): void;
  /**
   * The worker threw an uncaught error. `started` tells whether it had been ready; the
   * `ready` promise is already rejected when it had not.
   */
  onCrash(message: string, started: boolean): void;
}

/** A started module worker. */
export interface StartedWorker {
  worker: Worker;
  /**
   * Resolves with the backend named by the worker's `ready`; rejects on its `init-error`
   * ({@link DependencyError} when the worker names one) or on a crash before it.
   */
  ready: Promise<string>;
}

/** Starts the module worker at `url`, posts `init` and follows its start-up handshake. */
export function startWorker<M extends { type: string }>(
  url: URL,
  options: StartWorkerOptions<M>,
): StartedWorker {
  const { label, index } = options;
  const worker = new Worker(url, { type: "module" });
  let started = false;
  let settle: { resolve: (backend: string) => void; reject: (e: Error) => void } | undefined;
  const ready = new Promise<string>((resolve, reject) => settle = { resolve, reject });
  worker.onmessage = (ev: MessageEvent<LifecycleMessage | M>) => {
    const msg = ev.data;
    if (msg.type === "ready") {
      started = true;
      settle?.resolve((msg as { backend: string }).backend);
    } else if (msg.type === "init-error") {
      const { name, message } = msg as { name?: string; message: string };
      settle?.reject(
        name === "DependencyError"
          ? new DependencyError(message)
          : new Error(`Cannot start ${label} ${index}: ${message}`),
      );
    } else if (msg.type !== "closed") {
      options.onMessage(msg as M);
    }
  };
  worker.onerror = (ev: ErrorEvent) => {
    ev.preventDefault();
    const message = ev.message ?? "unknown error";
    settle?.reject(new Error(`Cannot start ${label} ${index}: ${message}`));
    options.onCrash(message, started);
  };
  worker.postMessage(options.init);
  return { worker, ready };
}

/**
 * Waits until every worker is ready and returns the first one's backend ("" for none).
 * On a failure it runs `close` (which stops the workers) and rethrows.
 */
export async function awaitReady(
  ready: readonly Promise<string>[],
  close: () => Promise<void>,
): Promise<string> {
  try {
    return (await Promise.all(ready))[0] ?? "";
  } catch (err) {
    await close();
    throw err;
  }
}

/** Options of {@link stopWorker}. */
export interface StopWorkerOptions {
  /** The message that asks the worker to free its state and answer `closed`. */
  message: unknown;
  /** How long to wait for `closed` before terminating. @default 5000 */
  timeoutMs?: number;
}

/**
 * Posts the stop message and waits for the worker's `closed` (it has freed its environments
 * and renderer), then terminates it; terminates it anyway after the timeout. Terminating a
 * worker that holds native renderer state can crash the process, hence the wait.
 */
export function stopWorker(worker: Worker, options: StopWorkerOptions): Promise<void> {
  return new Promise<void>((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      worker.removeEventListener("message", onMessage);
      worker.terminate();
      resolve();
    };
    const timer = setTimeout(finish, options.timeoutMs ?? 5000);
    const onMessage = (ev: MessageEvent<{ type?: string }>) => {
      if (ev.data?.type === "closed") finish();
    };
    worker.addEventListener("message", onMessage);
    worker.postMessage(options.message);
  });
}

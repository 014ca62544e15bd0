/**
 * The main-thread side of the Web Worker lifecycle the roles' worker pools share: start a
 * module worker and follow its `init` → `ready` | `init-error` handshake, wait for a pool to
 * be ready, stop a worker gracefully (`closed`, else terminate). Imports only `errors/`.
 *
 * @module
 */
export {
  awaitReady,
  type LifecycleMessage,
  type StartedWorker,
  startWorker,
  type StartWorkerOptions,
  stopWorker,
  type StopWorkerOptions,
} from "./lifecycle.ts";

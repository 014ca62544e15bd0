/**
 * The env server: N environments per client over a local socket with a compact binary
 * protocol (`docs/training.md#protocol`), stepped in Web Workers; and the demonstration recorder
 * (`kinitro demos`) built on the same workers.
 *
 * @module
 */
export { type EnvServer, type EnvServerOptions, serveEnvs } from "./server.ts";
export { EnvWorkers, POLICY_CAMERAS, resolveEnvIds, VecSession } from "./pool.ts";
export {
  type BatchLayout,
  batchLayout,
  type ByteSource,
  FRAME,
  frame,
  FrameReader,
  type Hello,
  HelloSchema,
  MAX_FRAME_BYTES,
  parseHello,
  type Welcome,
} from "./protocol.ts";
export { type DemosOptions, type DemosSummary, recordDemos } from "./demos.ts";
export { encodeNpy } from "./npy.ts";

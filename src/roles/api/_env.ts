import type { ApiKey, Db } from "../../db/mod.ts";
import type { Logger } from "../../log/mod.ts";
import type { ValidatorWeightsSource } from "./dashboard/mod.ts";
import type { Metrics } from "./metrics.ts";

/** Settings of the API app. */
export interface ApiSettings {
  /** Lease length handed to executors. */
  leaseSeconds: number;
  /** Leases per task before it fails with infra_error. */
  maxAttempts: number;
  /** Largest request body in bytes. */
  bodyLimit: number;
  /** Largest episode replay (decoded GIF bytes) a result may carry; larger is a 413. @default 131072 */
  replayMaxBytes?: number;
  /** Replays of this many newest cycles are kept; older ones are deleted. @default 10 */
  replayKeepCycles?: number;
  /** Most live leases one API key may hold; 0: no cap. @default 0 */
  maxLeasesPerKey?: number;
  /** Most milliseconds to read a request body (408 after). @default 10000 */
  bodyTimeoutMs?: number;
}

/** What {@link createApp} needs. */
export interface ApiDeps {
  db: Db;
  log: Logger;
  settings: ApiSettings;
  /** Environment ids served by `/v1/environments` and `/v1/status`. */
  environments: readonly string[];
  /** Version string in `/health` and the OpenAPI document. */
  version: string;
  /** Clock for leases (tests). @default the database's now() */
  now?: () => Date;
  /** Seconds an authenticated key stays cached (revocation delay). @default 10 */
  authCacheSeconds?: number;
  /** Milliseconds the advisory `total_pending` count is reused. @default 1000 */
  pendingCountTtlMs?: number;
  /** Reads what validators set on chain. @default none (the dashboard says "not available") */
  validatorWeights?: ValidatorWeightsSource;
}

/** Hono environment of the app: per-request variables. */
export interface AppEnv {
  Variables: {
    requestId: string;
    /** The authenticated executor key (task routes only). */
    apiKey: ApiKey;
    deps: ApiDeps;
    metrics: Metrics;
  };
}

/**
 * The `api` role: the HTTP API (hono on `Deno.serve`) over the database. Public reads
 * (weights, scores, miners, status, cycle progress, leaderboards, replays), the executor task
 * pool behind API keys, OpenAPI, docs, metrics, and the dashboard pages (`dashboard/`).
 * Never imports sim/, render/ or chain/.
 *
 * @module
 */
import { type ApiConfig, DEFAULT_ENVIRONMENTS, defaultDataDir } from "../../config/mod.ts";
import { migrate, openDb } from "../../db/mod.ts";
import type { Logger } from "../../log/mod.ts";
import { createApp } from "./app.ts";

export { createApp } from "./app.ts";
export type { ApiDeps, ApiSettings, AppEnv } from "./_env.ts";
export { openApiDocument, OPERATIONS } from "./openapi.ts";
export { Metrics } from "./metrics.ts";
export type {
  DuplicateGroup,
  DuplicateGroupsSource,
  ValidatorWeights,
  ValidatorWeightsSource,
} from "./dashboard/mod.ts";

/** Options of {@link runApi}. */
export interface RunApiOptions {
  log: Logger;
  signal: AbortSignal;
  /** Version string for `/health` and OpenAPI. @default "0.0.0" */
  version?: string;
  /** Called with the bound address once listening (tests, the demo). @default undefined */
  onListen?: (addr: { hostname: string; port: number }) => void;
  /** Keep the embedded database in memory instead of the data dir. @default false */
  ephemeral?: boolean;
}

/**
 * Opens the database (migrating it), serves the API until `signal` aborts, then drains
 * in-flight requests and closes the database.
 */
export async function runApi(config: Readonly<ApiConfig>, options: RunApiOptions): Promise<void> {
  const { log, signal } = options;
  const db = await openDb({
    databaseUrl: config.databaseUrl,
    dataDir: options.ephemeral ? undefined : config.dataDir ?? defaultDataDir(),
    memory: options.ephemeral && !config.databaseUrl,
    poolSize: 16,
  });
  try {
    const m = await migrate(db);
    if (m.applied.length > 0) log.info("Database migrated", { applied: m.applied });
    const app = createApp({
      db,
      log,
      settings: {
        leaseSeconds: config.leaseSeconds,
        maxAttempts: config.maxAttempts,
        bodyLimit: config.bodyLimit,
        replayMaxBytes: config.replayMaxBytes,
        replayKeepCycles: config.replayKeepCycles,
      },
      environments: DEFAULT_ENVIRONMENTS,
      version: options.version ?? "0.0.0",
    });
    const server = Deno.serve({
      hostname: config.host,
      port: config.port,
      signal,
      onListen(addr) {
        log.info("API listening", {
          url: `http://${addr.hostname}:${addr.port}`,
          dashboard: `http://${
            addr.hostname === "0.0.0.0" ? "127.0.0.1" : addr.hostname
          }:${addr.port}/`,
          database: db.location,
          mode: db.mode,
        });
        options.onListen?.(addr);
      },
    }, app.fetch);
    await server.finished;
    log.info("API stopped");
  } finally {
    await db.close();
  }
}

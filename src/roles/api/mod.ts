/**
 * The `api` role: the HTTP API (hono on `Deno.serve`) over the database. Public reads
 * (weights, scores, miners, status, cycle progress, leaderboards, replays), the executor task
 * pool behind API keys, OpenAPI, docs, metrics, and the dashboard pages (`dashboard/`).
 * Never imports sim/, render/ or chain/.
 *
 * @module
 */
import { type ApiConfig, DEFAULT_ENV_IDS, defaultDataDir } from "../../config/mod.ts";
import { migrate, openDb } from "../../db/mod.ts";
import { ConfigError } from "../../errors/mod.ts";
import type { Logger } from "../../log/mod.ts";
import { createApp } from "./app.ts";

export { createApp } from "./app.ts";
export type { ApiDeps, ApiSettings, AppEnv } from "./_env.ts";
export { openApiDocument, OPERATIONS } from "./openapi.ts";
export { Metrics } from "./metrics.ts";
export type { DuplicateGroup, ValidatorWeights, ValidatorWeightsSource } from "./dashboard/mod.ts";

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
    queryTimeoutMs: config.dbTimeoutMs,
    connectTimeout: Math.max(1, Math.ceil(config.dbTimeoutMs / 1000)),
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
        bodyTimeoutMs: config.bodyTimeoutMs,
        maxLeasesPerKey: config.maxLeasesPerKey,
      },
      environments: DEFAULT_ENV_IDS,
      version: options.version ?? "0.0.0",
    });
    const server = serveOrExplain(config, {
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

/**
 * `Deno.serve`, with a taken or forbidden address turned into a one-line {@link ConfigError}.
 *
 * @throws {ConfigError} when the port is in use or may not be bound
 */
function serveOrExplain(
  config: Readonly<ApiConfig>,
  options: Deno.ServeTcpOptions,
  handler: Deno.ServeHandler,
): Deno.HttpServer {
  try {
    return Deno.serve(options, handler);
  } catch (err) {
    const where = `${config.host}:${config.port}`;
    if (err instanceof Deno.errors.AddrInUse) {
      throw new ConfigError(
        `Cannot listen on ${where}: the port is in use (stop the other process or pass --port)`,
        [],
        { cause: err },
      );
    }
    if (
      err instanceof Deno.errors.PermissionDenied || err instanceof Deno.errors.AddrNotAvailable
    ) {
      throw new ConfigError(
        `Cannot listen on ${where}: ${err.message} (check --host and --port)`,
        [],
        {
          cause: err,
        },
      );
    }
    throw err;
  }
}

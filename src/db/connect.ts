import { lockDataDir } from "./_lock.ts";
import { createPostgresPool, type DbHandle } from "./db.ts";

/** Options of {@link openDb}. */
export interface OpenDbOptions {
  /** PostgreSQL URL; when unset the embedded database is used. @default undefined */
  databaseUrl?: string;
  /** Embedded data directory (required unless `memory`); callers resolve the default. */
  dataDir?: string;
  /** Keep the embedded database in memory (tests). @default false */
  memory?: boolean;
  /** Pool size on a server; the embedded database always uses one connection. @default 10 */
  poolSize?: number;
  /** Most milliseconds a statement waits for a connection and its answer (server only). @default no limit */
  queryTimeoutMs?: number;
  /** Seconds to wait for a new connection (server only). @default 10 */
  connectTimeout?: number;
}

/** Strips the password from a URL for logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "<invalid url>";
  }
}

/**
 * Opens the database: a `postgres` pool on `databaseUrl`, or the embedded PGlite (data dir or
 * memory) served on a loopback port with the same driver. PGlite is imported lazily.
 */
export async function openDb(options: OpenDbOptions = {}): Promise<DbHandle> {
  const max = options.poolSize ?? 10;
  if (options.databaseUrl) {
    const pool = createPostgresPool(options.databaseUrl, {
      max,
      queryTimeoutMs: options.queryTimeoutMs,
      connectTimeout: options.connectTimeout,
    });
    return {
      ...pool.db,
      mode: "postgres",
      location: redactUrl(options.databaseUrl),
      close: () => pool.end(),
    };
  }
  const dataDir = options.memory ? undefined : options.dataDir;
  if (!options.memory && !dataDir) {
    throw new TypeError("Cannot open the embedded database: no data directory given");
  }
  let unlock = () => Promise.resolve();
  if (dataDir) {
    await Deno.mkdir(dataDir, { recursive: true });
    unlock = await lockDataDir(dataDir);
  }
  let server;
  try {
    const { startEmbedded } = await import("./embedded.ts");
    server = await startEmbedded({ dataDir, maxConnections: 4 });
  } catch (err) {
    await unlock();
    throw err;
  }
  // PGlite has one backend session that pglite-socket shares between connections. The
  // driver's extended protocol (Parse, Describe, Sync, then Bind, Execute, Sync) is not atomic
  // across connections, so two connections can overwrite each other's unnamed statement.
  // One connection serializes every statement; PGlite runs one at a time anyway.
  const pool = createPostgresPool(server.url, { max: 1, prepare: false });
  return {
    ...pool.db,
    mode: "embedded",
    location: dataDir ?? "memory",
    async close() {
      await pool.end();
      await server.stop();
      await unlock();
    },
  };
}

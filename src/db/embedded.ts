/**
 * The embedded PostgreSQL: PGlite (WebAssembly) served on a loopback port by
 * `pglite-socket`, so the `postgres` driver and the same SQL work as with a server.
 * Loaded only through a dynamic import from `connect.ts`: a `deno bundle` cannot carry
 * PGlite's wasm/data files, and commands that never touch the database must not load it.
 */
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { DependencyError } from "../errors/mod.ts";

/** A running embedded database server. */
export interface EmbeddedServer {
  /** `postgres://` URL of the loopback server. */
  url: string;
  /** Stops the socket server and closes PGlite (flushing the data dir). */
  stop(): Promise<void>;
}

/** Options of {@link startEmbedded}. */
export interface EmbeddedOptions {
  /** Data directory; `undefined` keeps everything in memory. */
  dataDir?: string;
  /** Concurrent connections the socket server multiplexes. @default 16 */
  maxConnections?: number;
}

/** Starts PGlite on `dataDir` (or in memory) and serves it on 127.0.0.1 on a free port. */
export async function startEmbedded(options: EmbeddedOptions = {}): Promise<EmbeddedServer> {
  let pg: PGlite;
  try {
    pg = await PGlite.create(options.dataDir ?? "memory://");
  } catch (err) {
    const where = options.dataDir ? `"${options.dataDir}"` : "memory";
    const hint = /pglite\.(data|wasm)/.test(String(err))
      ? " (PGlite's wasm files are missing next to this bundle: use the compiled binary, " +
        "`deno run main.ts`, or --database-url)"
      : "";
    throw new DependencyError(`Cannot start the embedded database in ${where}: ${err}${hint}`, {
      cause: err,
    });
  }
  const server = new PGLiteSocketServer({
    db: pg,
    host: "127.0.0.1",
    port: 0,
    maxConnections: options.maxConnections ?? 16,
  });
  await server.start();
  const conn = server.getServerConn();
  return {
    url: `postgres://postgres@${conn}/postgres`,
    async stop() {
      await server.stop();
      await pg.close();
    },
  };
}

import postgres from "postgres";
import { ConflictError, KinitroError, NotFoundError, UpstreamError } from "../errors/mod.ts";
import { safeParams } from "./safe_text.ts";

/** A row as returned by {@link Db.query}: column names converted to camelCase. */
export type Row = Record<string, unknown>;

/**
 * The SQL layer's only interface: literal SQL with `$1`-style parameters, and transactions.
 * Column names come back camelCase; `int8` values (ids, blocks, counts) come back as numbers.
 */
export interface Db {
  /** Runs one statement and returns its rows. @throws {KinitroError} on any driver error */
  query<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  /**
   * Runs `fn` in a transaction (a savepoint when already inside one); rolls back on throw.
   * Inside `fn` use only `tx`: the embedded database has a single connection, so a query on
   * the outer `Db` would wait for the transaction to end.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
}

/** An open database: a {@link Db} that owns a connection pool (and the embedded server). */
export interface DbHandle extends Db {
  /** `postgres` for a server URL, `embedded` for PGlite. */
  readonly mode: "postgres" | "embedded";
  /** Where it is, for logs: the URL without password, or the data directory. */
  readonly location: string;
  /** Closes the pool and, in embedded mode, the PGlite server and instance. */
  close(): Promise<void>;
}

/** Options of {@link connectPostgres}. */
export interface PostgresPoolOptions {
  /** Pool size. @default 10 */
  max?: number;
  /** Use named prepared statements (faster on a real server). @default true */
  prepare?: boolean;
  /** Seconds to wait for a connection. @default 10 */
  connectTimeout?: number;
}

const INT8_TYPE = {
  to: 20,
  from: [20],
  serialize: (v: number | bigint) => String(v),
  parse: (v: string) => {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : BigInt(v);
  },
};

/** Opens a `postgres` pool on `url` and wraps it as a {@link Db}. */
export function createPostgresPool(url: string, options: PostgresPoolOptions = {}): {
  db: Db;
  end(): Promise<void>;
} {
  const sql = postgres(url, {
    max: options.max ?? 10,
    prepare: options.prepare ?? true,
    connect_timeout: options.connectTimeout ?? 10,
    onnotice: () => {},
    transform: { column: { from: postgres.toCamel } },
    types: { int8: INT8_TYPE },
    connection: { application_name: "kinitro" },
  });
  return {
    db: wrapSql(sql, options.prepare ?? true),
    end: () => sql.end({ timeout: 5 }),
  };
}

// deno-lint-ignore no-explicit-any
type AnySql = postgres.Sql<any> | postgres.TransactionSql<any>;

function wrapSql(sql: AnySql, prepare: boolean, depth = 0): Db {
  return {
    async query<T>(text: string, params: readonly unknown[] = []): Promise<T[]> {
      try {
        // deno-lint-ignore no-explicit-any
        const rows = await sql.unsafe(text, safeParams(params) as any[], { prepare });
        return rows as unknown as T[];
      } catch (err) {
        throw toKinitroError(err, text);
      }
    },
    async exec(script: string): Promise<void> {
      try {
        await sql.unsafe(script).simple();
      } catch (err) {
        throw toKinitroError(err, script);
      }
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      try {
        if (depth === 0) {
          return await (sql as postgres.Sql).begin((tx) =>
            fn(wrapSql(tx as unknown as AnySql, prepare, depth + 1))
          ) as T;
        }
        return await (sql as postgres.TransactionSql).savepoint((tx) =>
          fn(wrapSql(tx as unknown as AnySql, prepare, depth + 1))
        ) as T;
      } catch (err) {
        throw toKinitroError(err);
      }
    },
  };
}

const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "ETIMEDOUT",
  "EPIPE",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "NOT_TAGGED_CALL",
]);

/** Converts a driver error into a {@link KinitroError}; KinitroErrors pass through. */
export function toKinitroError(err: unknown, statement?: string): unknown {
  if (err instanceof KinitroError) return err;
  if (!(err instanceof Error)) return err;
  const code = (err as { code?: string }).code ?? "";
  const where = statement ? ` (${firstLine(statement)})` : "";
  if (code === "23505") {
    const detail = (err as { detail?: string }).detail;
    return new ConflictError(`Cannot write row: ${detail ?? err.message}`, { cause: err });
  }
  if (code === "3D000") {
    return new NotFoundError(
      `Cannot open database: ${err.message} (create it with "kinitro db init")`,
      { cause: err },
    );
  }
  if (
    // 57P01 admin shutdown, 57P03 "the database system is starting up": retry later (503)
    CONNECTION_CODES.has(code) || code.startsWith("08") || code === "57P01" || code === "57P03" ||
    err.name === "ConnectionRefused" || /connect|ECONNREFUSED|closed/i.test(err.message) &&
      !("severity" in err)
  ) {
    return new UpstreamError(`Cannot reach the database: ${err.message}`, { cause: err });
  }
  if ("severity" in err) {
    return new KinitroError(
      "internal",
      `Cannot run statement${where}: ${err.message} (SQLSTATE "${code}")`,
      { cause: err },
    );
  }
  return err;
}

function firstLine(text: string): string {
  const line = text.trim().split("\n")[0];
  return line.length > 60 ? line.slice(0, 60) + "..." : line;
}

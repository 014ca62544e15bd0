/**
 * Structured logging: JSON lines on stderr when stderr is not a TTY, a pretty
 * one-line format on a TTY. No global logger; roles create one and pass children down.
 * Imports nothing from the rest of `src/`.
 *
 * @module
 */

/** Log levels, lowest first. */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
/** One log level. */
export type LogLevel = typeof LOG_LEVELS[number];
/** `json`, `pretty`, or `auto` (pretty on a TTY). */
export type LogFormat = "json" | "pretty" | "auto";
/** Structured fields attached to a log line. */
export type LogFields = Record<string, unknown>;

/** A structured logger. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
  /** Whether a level would be written. */
  enabled(level: LogLevel): boolean;
}

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Lowest level written. @default "info" */
  level?: LogLevel;
  /** Output format. @default "auto" */
  format?: LogFormat;
  /** Fields bound to every line. @default {} */
  bindings?: LogFields;
  /** Where lines go. @default a writer to stderr */
  write?: (line: string) => void;
  /** Clock for the `ts` field. @default () => new Date() */
  now?: () => Date;
}

const encoder = new TextEncoder();

function writeStderr(line: string): void {
  Deno.stderr.writeSync(encoder.encode(line + "\n"));
}

function serializeValue(v: unknown): unknown {
  if (v instanceof Error) return { name: v.name, message: v.message };
  if (typeof v === "bigint") return v.toString();
  return v;
}

function formatPretty(ts: Date, level: LogLevel, msg: string, fields: LogFields): string {
  const parts = Object.entries(fields).map(([k, v]) => {
    const s = serializeValue(v);
    return `${k}=${typeof s === "string" ? s : JSON.stringify(s)}`;
  });
  const time = ts.toISOString().slice(11, 23);
  return `${time} ${level.toUpperCase().padEnd(5)} ${msg}${
    parts.length ? "  " + parts.join(" ") : ""
  }`;
}

/**
 * Creates a logger.
 *
 * @example Log a lifecycle event
 * ```ts
 * import { createLogger } from "./mod.ts";
 * const lines: string[] = [];
 * const log = createLogger({ format: "json", bindings: { role: "api" }, write: (l) => lines.push(l) });
 * log.info("Listening", { port: 8000 });
 * ```
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const minLevel = LOG_LEVELS.indexOf(options.level ?? "info");
  let format = options.format ?? "auto";
  if (format === "auto") {
    let tty = false;
    try {
      tty = Deno.stderr.isTerminal();
    } catch {
      tty = false;
    }
    format = tty ? "pretty" : "json";
  }
  const write = options.write ?? writeStderr;
  const now = options.now ?? (() => new Date());
  const fmt = format;
  function make(bindings: LogFields): Logger {
    function emit(level: LogLevel, msg: string, fields?: LogFields): void {
      if (LOG_LEVELS.indexOf(level) < minLevel) return;
      const all = { ...bindings, ...fields };
      const ts = now();
      if (fmt === "json") {
        const obj: LogFields = { ts: ts.toISOString(), level, msg };
        for (const [k, v] of Object.entries(all)) obj[k] = serializeValue(v);
        write(JSON.stringify(obj));
      } else {
        write(formatPretty(ts, level, msg, all));
      }
    }
    return {
      debug: (m, f) => emit("debug", m, f),
      info: (m, f) => emit("info", m, f),
      warn: (m, f) => emit("warn", m, f),
      error: (m, f) => emit("error", m, f),
      child: (f) => make({ ...bindings, ...f }),
      enabled: (level) => LOG_LEVELS.indexOf(level) >= minLevel,
    };
  }
  return make(options.bindings ?? {});
}

/** A logger that writes nothing, for tests. */
export function silentLogger(): Logger {
  return createLogger({ level: "error", write: () => {} });
}

export { routeLibraryLines } from "./library_lines.ts";

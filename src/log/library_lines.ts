import type { Logger } from "./mod.ts";

/** `2026-01-02 03:04:05` then a padded `ORIGIN:` tag: the `@polkadot/util` logger's line shape. */
const DATE_REGEXP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const ORIGIN_REGEXP = /^\s*([A-Z][A-Z0-9/_-]*):$/;

type Method = "log" | "warn" | "error";
const routes: Logger[] = [];
let originals: Record<Method, (...args: unknown[]) => void> | null = null;

function text(v: unknown): string {
  if (typeof v === "string") return v;
  if (v instanceof Error) return v.message;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function wrap(method: Method, original: (...args: unknown[]) => void) {
  return (...args: unknown[]) => {
    const log = routes.at(-1);
    const origin = typeof args[1] === "string" ? ORIGIN_REGEXP.exec(args[1]) : null;
    if (!log || !origin || typeof args[0] !== "string" || !DATE_REGEXP.test(args[0])) {
      original(...args);
      return;
    }
    const fields = {
      origin: origin[1].toLowerCase(),
      detail: args.slice(2).map(text).join(" ").slice(0, 2000),
    };
    if (method === "log") log.debug("Library message", fields);
    else log.warn("Library message", fields);
  };
}

/**
 * Routes the lines that libraries print through `console` in the `@polkadot/util` logger shape
 * (`<date> <ORIGIN:> <message…>`, e.g. WebSocket disconnects and RPC errors) to `log` as one
 * structured line each (`Library message` with `origin` and `detail`), so JSON logs stay one
 * object per line. Other console output passes through unchanged. Routes nest; the newest
 * receives the lines.
 *
 * @returns a function that removes this route (the console is restored with the last one)
 */
export function routeLibraryLines(log: Logger): () => void {
  if (!originals) {
    const c = console as unknown as Record<Method, (...args: unknown[]) => void>;
    originals = { log: c.log, warn: c.warn, error: c.error };
    for (const m of ["log", "warn", "error"] as const) c[m] = wrap(m, originals[m]);
  }
  routes.push(log);
  let removed = false;
  return () => {
    if (removed) return;
    removed = true;
    routes.splice(routes.lastIndexOf(log), 1);
    if (routes.length === 0 && originals) {
      Object.assign(console, originals);
      originals = null;
    }
  };
}

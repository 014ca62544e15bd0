/**
 * Text from outside (miner answers, request fields, error messages quoting them) may hold NUL
 * characters and lone UTF-16 surrogates. PostgreSQL's `text` rejects NUL and the driver cannot
 * encode lone surrogates, so one such character would fail the whole statement (a hostile miner
 * could stall a cycle that way). Every parameter of every statement passes through
 * {@link safeParams}: the backstop behind the wire schemas' own cleaning (`core/wire/bounds.ts`).
 */
import { isStorable } from "../core/wire/mod.ts";

/** Replaces NUL with U+FFFD ("\u{FFFD}") and every lone surrogate with U+FFFD. */
export function safeText(text: string): string {
  if (isStorable(text)) return text;
  return text.replaceAll("\u0000", "\u{FFFD}").toWellFormed();
}

/**
 * The statement parameters with every string (also inside arrays) made safe by
 * {@link safeText}; other values unchanged.
 *
 * @example
 * ```ts
 * import { safeParams } from "./safe_text.ts";
 * const [a, b] = safeParams(["ep\u0000-1", ["ok", "\uD800"]]);
 * if (a !== "ep\u{FFFD}-1" || (b as string[])[1] !== "\u{FFFD}") throw new Error();
 * ```
 */
export function safeParams(params: readonly unknown[]): unknown[] {
  return params.map(safeValue);
}

function safeValue(value: unknown): unknown {
  if (typeof value === "string") return safeText(value);
  if (Array.isArray(value)) return value.map(safeValue);
  return value;
}

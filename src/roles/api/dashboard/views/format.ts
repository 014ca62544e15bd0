/** Number and text formatting of the dashboard pages. */

/** A rate as a percentage: 0.8367 -> "84%" (`digits` decimals). */
export function pct(rate: number, digits = 0): string {
  return `${(rate * 100).toFixed(digits)}%`;
}

/** A weight in [0, 1] as a percentage with enough digits to tell small ones apart. */
export function weightPct(w: number): string {
  if (w === 0) return "0";
  return w >= 0.01 ? pct(w, 1) : w >= 0.0001 ? pct(w, 3) : "<0.01%";
}

/** A number with at most `digits` decimals. */
export function num(x: number, digits = 2): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(digits);
}

/** The label of an environment: the id without its family when every id shares one. */
export function envLabel(envId: string, all: readonly string[]): string {
  const family = (id: string) => id.slice(0, Math.max(0, id.indexOf("/")));
  const f = family(envId);
  return f !== "" && all.every((e) => family(e) === f) ? envId.slice(f.length + 1) : envId;
}

/** A hotkey shortened for tables: first 6 and last 4 characters. */
export function shortKey(hotkey: string): string {
  return hotkey.length > 14 ? `${hotkey.slice(0, 6)}…${hotkey.slice(-4)}` : hotkey;
}

/** A timestamp as "2025-01-31 14:05:09 UTC". */
export function utc(d: Date): string {
  return d.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
}

/** A duration in seconds as "1h 02m", "3m 05s" or "42s". */
export function span(seconds: number): string {
  const s = Math.round(Math.abs(seconds));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}h ${two(m)}m` : m > 0 ? `${m}m ${two(r)}s` : `${r}s`;
}

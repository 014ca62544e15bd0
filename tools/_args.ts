/** Command-line helpers of the benchmark scripts. */

/** The argument after `--name` (e.g. `--seconds 5`), else `fallback`. */
export function argText(name: string, fallback: string): string;
export function argText(name: string): string | undefined;
export function argText(name: string, fallback?: string): string | undefined {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Deno.args[i + 1] : fallback;
}

/** The number after `--name`, else `fallback`. */
export function argNumber(name: string, fallback: number): number {
  return Number(argText(name, String(fallback)));
}

/** The 1, 5 and 15 minute load averages, as `"a b c"` with two decimals. */
export function loadAverages(): string {
  return Deno.loadavg().map((x) => x.toFixed(2)).join(" ");
}

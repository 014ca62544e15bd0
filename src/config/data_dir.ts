import { dirname, join } from "node:path";

/**
 * The default data directory of the embedded database: `$XDG_DATA_HOME/kinitro/db`, else
 * `%LOCALAPPDATA%\kinitro\db` on Windows, else `~/.local/share/kinitro/db`. With `name`, the
 * sibling folder of that name (e.g. `kinitro/validator`).
 */
export function defaultDataDir(name = "db"): string {
  const env = (k: string) => Deno.env.get(k) || undefined;
  const xdg = env("XDG_DATA_HOME");
  if (xdg) return join(xdg, "kinitro", name);
  const local = env("LOCALAPPDATA");
  if (Deno.build.os === "windows" && local) return join(local, "kinitro", name);
  const home = env("HOME") ?? env("USERPROFILE") ?? ".";
  return join(home, ".local", "share", "kinitro", name);
}

/**
 * Where a database command works: `databaseUrl` when set, else the embedded database in
 * `dataDir` (default {@link defaultDataDir}).
 */
export function databaseTargetOf(
  config: { databaseUrl?: string; dataDir?: string },
): { databaseUrl?: string; dataDir: string } {
  return { databaseUrl: config.databaseUrl, dataDir: config.dataDir ?? defaultDataDir() };
}

/** The default cache of committed models: `models` beside the default data directory. */
export function defaultModelCacheDir(): string {
  return join(dirname(defaultDataDir()), "models");
}

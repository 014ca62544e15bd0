/** Environment variables, by name (process environment or `.env` values). */
export type EnvVars = Record<string, string | undefined>;

/**
 * Builds a PostgreSQL URL from the conventional `POSTGRES_*` variables (the ones the
 * official postgres image reads): `POSTGRES_USER` (default `postgres`), `POSTGRES_PASSWORD`,
 * `POSTGRES_HOST` (default `localhost`), `POSTGRES_PORT` (default 5432) and `POSTGRES_DB`
 * (default: the user name). Returns undefined unless `POSTGRES_DB` or `POSTGRES_USER` is
 * set, so an unrelated `POSTGRES_PASSWORD` alone never switches off the embedded database.
 * User and password are percent-encoded.
 *
 * @example
 * ```ts
 * import { postgresUrlFromEnv } from "./postgres_env.ts";
 * const url = postgresUrlFromEnv({ POSTGRES_DB: "kinitro", POSTGRES_PASSWORD: "p@ss" });
 * if (url !== "postgres://postgres:p%40ss@localhost:5432/kinitro") throw new Error(url);
 * ```
 */
export function postgresUrlFromEnv(vars: EnvVars): string | undefined {
  const get = (name: string) => {
    const v = vars[name]?.trim();
    return v ? v : undefined;
  };
  const db = get("POSTGRES_DB");
  const user = get("POSTGRES_USER");
  if (db === undefined && user === undefined) return undefined;
  const name = user ?? "postgres";
  const password = vars.POSTGRES_PASSWORD;
  const auth = encodeURIComponent(name) +
    (password ? `:${encodeURIComponent(password)}` : "");
  const host = get("POSTGRES_HOST") ?? "localhost";
  const port = get("POSTGRES_PORT") ?? "5432";
  return `postgres://${auth}@${host}:${port}/${encodeURIComponent(db ?? name)}`;
}

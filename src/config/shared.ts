import { z } from "zod";

/** The eight evaluation tasks (ARCHITECTURE section 6): the default environment list everywhere. */
export const DEFAULT_ENV_IDS: readonly string[] = Object.freeze([
  "metaworld/reach-v4",
  "metaworld/push-v4",
  "metaworld/pick-place-v4",
  "metaworld/drawer-open-v4",
  "metaworld/drawer-close-v4",
  "metaworld/door-open-v4",
  "metaworld/button-press-v4",
  "metaworld/peg-insert-v4",
]);
import { postgresUrlFromEnv } from "./postgres_env.ts";

/**
 * Renderer backends a user may choose (the one list; `render` takes its `RendererBackend` type
 * from here): `auto` picks WebGPU on a hardware adapter, else the CPU.
 */
export const RENDERER_CHOICES = ["auto", "cpu", "webgpu"] as const;

/** One of {@link RENDERER_CHOICES}. */
export type RendererChoice = (typeof RENDERER_CHOICES)[number];

/** Built-in policies of `test-env` and `render` (envs' `PolicyKind`). */
export const BUILTIN_POLICIES = ["oracle", "random", "zero"] as const;

/** A `--policy` value of a built-in policy, `oracle` by default. */
export function builtinPolicy() {
  return z.enum(BUILTIN_POLICIES).default("oracle");
}

/** A `--renderer` value, `auto` by default (describe it with {@link field}). */
export function rendererChoice() {
  return z.enum(RENDERER_CHOICES).default("auto");
}

/**
 * Per-field metadata understood by the loader and the help generator, attached with
 * zod's `.meta()`: `secret` redacts the value in `--print-config`; `env: false` makes a
 * flag-only option (no environment variable); `aliases` are extra environment variable
 * names read as documented aliases (the `KINITRO_*` name wins); `flagAliases` are extra
 * long flags; `short` is a one-letter flag.
 */
export interface FieldMeta {
  secret?: boolean;
  env?: boolean;
  aliases?: string[];
  flagAliases?: string[];
  short?: string;
  /** Keys without a role segment in their environment name (`KINITRO_<KEY>`). */
  shared?: boolean;
  /** Name shown for the value in help, e.g. `URL`. */
  valueName?: string;
  /**
   * Derives a value from other environment variables when no flag, `KINITRO_*` variable or
   * alias sets the field (process environment merged over `.env`).
   */
  fromEnv?: (vars: Record<string, string | undefined>) => string | undefined;
}

/** Attaches loader metadata and a description to a schema field. */
export function field<T extends z.ZodType>(
  schema: T,
  description: string,
  meta: FieldMeta = {},
): T {
  return schema.meta({ description, kinitro: meta }) as T;
}

/** Logging options every command has. */
export const LogConfigSchema = z.object({
  logLevel: field(
    z.enum(["debug", "info", "warn", "error"]).default("info"),
    "Lowest log level written to stderr",
    { shared: true, valueName: "LEVEL" },
  ),
  logFormat: field(
    z.enum(["auto", "json", "pretty"]).default("auto"),
    "Log format: json lines, pretty, or auto (pretty on a TTY)",
    { shared: true, valueName: "FORMAT" },
  ),
});

/** Where the database is: a PostgreSQL URL, or an embedded PGlite data directory. */
export const DatabaseConfigSchema = z.object({
  databaseUrl: field(
    z.url({ protocol: /^postgres(ql)?$/, error: "Must be a postgres:// or postgresql:// URL" })
      .optional(),
    "PostgreSQL URL; when unset it is built from POSTGRES_USER, POSTGRES_PASSWORD, " +
      "POSTGRES_HOST, POSTGRES_PORT and POSTGRES_DB if POSTGRES_DB or POSTGRES_USER is set, " +
      "else an embedded PostgreSQL (PGlite) in --data-dir is used",
    { shared: true, secret: true, valueName: "URL", fromEnv: postgresUrlFromEnv },
  ),
  dataDir: field(
    z.string().min(1).optional(),
    "Data directory of the embedded database (default: the user's data directory)",
    { shared: true, valueName: "DIR" },
  ),
});

/** Bittensor network and subnet. */
export const ChainConfigSchema = z.object({
  network: field(
    z.string().min(1).default("finney"),
    "Chain: finney, test, local, or a ws:// / wss:// endpoint",
    { shared: true, aliases: ["NETWORK"], valueName: "NETWORK" },
  ),
  netuid: field(
    z.coerce.number().int().min(0).max(65535).default(26),
    "Subnet id",
    { shared: true, aliases: ["NETUID"], valueName: "N" },
  ),
});

/** Wallet (hotkey) used to sign. */
export const WalletConfigSchema = z.object({
  walletName: field(z.string().min(1).default("default"), "Bittensor wallet name", {
    shared: true,
    aliases: ["WALLET_NAME"],
    valueName: "NAME",
  }),
  hotkeyName: field(z.string().min(1).default("default"), "Hotkey name inside the wallet", {
    shared: true,
    aliases: ["HOTKEY_NAME"],
    valueName: "NAME",
  }),
  walletPath: field(
    z.string().min(1).optional(),
    "Wallets directory (default: ~/.bittensor/wallets)",
    { shared: true, valueName: "DIR" },
  ),
});

/** Boolean from an environment string or a flag. */
export function boolish(): z.ZodType<boolean, unknown> {
  return z.preprocess((v) => {
    if (typeof v !== "string") return v;
    const s = v.trim().toLowerCase();
    if (["1", "true", "yes", "on"].includes(s)) return true;
    if (["0", "false", "no", "off", ""].includes(s)) return false;
    return v;
  }, z.boolean()) as unknown as z.ZodType<boolean, unknown>;
}

/**
 * A seed flag's value: an integer from 0 to `Number.MAX_SAFE_INTEGER` (a seed must survive
 * JSON and a float64 exactly), 0 when not given.
 */
export function seedValue(): z.ZodDefault<z.ZodCoercedNumber<unknown>> {
  return z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0);
}

/** The `--randomize` flag of the commands that run episodes locally (one wording, one default). */
export function randomizeField() {
  return field(
    boolish().default(true),
    "Domain randomization of physics and visuals per episode (--no-randomize turns it off)",
    { shared: true },
  );
}

import { z } from "zod";
import { ConfigError, type ConfigIssue } from "../errors/mod.ts";
import type { FieldMeta } from "./shared.ts";

/** What the loader needs to know about one schema field. */
export interface FieldInfo {
  key: string;
  flag: string;
  /** Environment variable, or undefined for flag-only fields. */
  env?: string;
  aliases: string[];
  flagAliases: string[];
  description: string;
  kind: "string" | "number" | "boolean" | "enum" | "array" | "other";
  choices?: string[];
  defaultValue?: unknown;
  required: boolean;
  meta: FieldMeta;
}

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Flag values by schema key (undefined = not given). @default {} */
  flags?: Record<string, unknown>;
  /** Process environment. @default {} */
  env?: Record<string, string | undefined>;
  /** Values parsed from the `.env` file. @default {} */
  dotenv?: Record<string, string>;
  /** Role segment of environment names (`api` → `KINITRO_API_PORT`). @default undefined */
  role?: string;
}

/** `databaseUrl` → `DATABASE_URL`. */
export function toEnvKey(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
}

/** `databaseUrl` → `--database-url`. */
export function toFlag(key: string): string {
  return "--" + key.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

// deno-lint-ignore no-explicit-any
type AnyDef = any;

function unwrap(
  schema: z.ZodType,
): { inner: z.ZodType; defaultValue?: unknown; optional: boolean } {
  let s: AnyDef = schema;
  let defaultValue: unknown = undefined;
  let optional = false;
  for (let i = 0; i < 10; i++) {
    const def = s._zod.def;
    if (def.type === "default" || def.type === "prefault") {
      defaultValue = typeof def.defaultValue === "function" ? def.defaultValue() : def.defaultValue;
      optional = true;
      s = def.innerType;
    } else if (def.type === "optional" || def.type === "nullable") {
      optional = true;
      s = def.innerType;
    } else if (def.type === "pipe") {
      s = def.out._zod.def.type === "transform" ? def.in : def.out;
    } else break;
  }
  return { inner: s, defaultValue, optional };
}

function metaOf(schema: z.ZodType): { description: string; meta: FieldMeta } {
  const m = (schema.meta() ?? {}) as { description?: string; kinitro?: FieldMeta };
  return { description: m.description ?? schema.description ?? "", meta: m.kinitro ?? {} };
}

/** Describes every field of a config schema: flag, environment name, kind, default. */
export function describeFields(schema: z.ZodObject, role?: string): FieldInfo[] {
  return Object.entries(schema.shape).map(([key, fieldSchema]) => {
    const s = fieldSchema as z.ZodType;
    const { inner, defaultValue, optional } = unwrap(s);
    const { description, meta } = metaOf(s);
    const type = (inner as AnyDef)._zod.def.type as string;
    const kind: FieldInfo["kind"] = type === "string" || type === "number" ||
        type === "boolean" || type === "enum" || type === "array"
      ? type
      : "other";
    const prefix = meta.shared || !role ? "KINITRO_" : `KINITRO_${toEnvKey(role)}_`;
    return {
      key,
      flag: toFlag(key),
      env: meta.env === false ? undefined : prefix + toEnvKey(key),
      aliases: meta.aliases ?? [],
      flagAliases: meta.flagAliases ?? [],
      description,
      kind,
      choices: kind === "enum" ? (inner as AnyDef).options.map(String) : undefined,
      defaultValue,
      required: !optional,
      meta,
    };
  });
}

function coerce(info: FieldInfo, raw: unknown): unknown {
  if (typeof raw !== "string") return raw;
  if (info.kind === "number" && raw.trim() !== "" && !Number.isNaN(Number(raw))) {
    return Number(raw);
  }
  if (info.kind === "array") return raw.split(",").map((x) => x.trim()).filter((x) => x !== "");
  return raw;
}

/**
 * Resolves a config schema from flags, process env, `.env` values and schema defaults, in
 * that order of precedence, and validates it.
 *
 * @throws {ConfigError} listing every bad key as `KINITRO_X (--x): reason`
 *
 * @example Flags win over the environment
 * ```ts
 * import { z } from "zod";
 * import { loadConfig } from "./load.ts";
 * const schema = z.object({ port: z.coerce.number().default(8000) });
 * const config = loadConfig(schema, { flags: { port: "9000" }, env: { KINITRO_API_PORT: "7000" }, role: "api" });
 * if (config.port !== 9000) throw new Error("flags must win");
 * ```
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  options: LoadConfigOptions = {},
): Readonly<z.output<S>> {
  const flags = options.flags ?? {};
  const env = options.env ?? {};
  const dotenv = options.dotenv ?? {};
  const fields = describeFields(schema, options.role);
  const raw: Record<string, unknown> = {};
  for (const info of fields) {
    let value: unknown = flags[info.key];
    if (value === undefined && info.env) {
      const names = [info.env, ...info.aliases];
      for (const source of [env, dotenv]) {
        for (const name of names) {
          const v = source[name];
          // an empty variable (`KEY=` in .env, `${KEY:-}` in compose) counts as unset
          if (v !== undefined && v !== "" && value === undefined) value = v;
        }
        if (value !== undefined) break;
      }
    }
    if (value === undefined && info.env && info.meta.fromEnv) {
      value = info.meta.fromEnv({ ...dotenv, ...env });
    }
    if (value !== undefined) raw[info.key] = coerce(info, value);
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data as Readonly<z.output<S>>;
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const issues: ConfigIssue[] = result.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? "");
    const info = byKey.get(key);
    const message = issue.code === "invalid_type" && raw[key] === undefined
      ? "Required"
      : issue.message;
    return { key, env: info?.env ?? "", flag: info?.flag ?? "", message };
  });
  const lines = issues.map(formatIssue);
  throw new ConfigError(`Cannot load configuration:\n  ${lines.join("\n  ")}`, issues);
}

/** `KINITRO_X (--x): reason`, or `--x: reason` for flag-only keys. */
export function formatIssue(issue: ConfigIssue): string {
  if (!issue.env) return `${issue.flag || issue.key}: ${issue.message}`;
  return `${issue.env} (${issue.flag}): ${issue.message}`;
}

/** Returns a copy of a resolved config with secret fields replaced by `"[redacted]"`. */
export function redactConfig(
  schema: z.ZodObject,
  config: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...config };
  for (const info of describeFields(schema)) {
    if (info.meta.secret && out[info.key] !== undefined) out[info.key] = "[redacted]";
  }
  return out;
}

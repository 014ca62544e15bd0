import type { z } from "zod";
import type { Logger } from "../log/mod.ts";

/** A positional argument of a command. */
export interface ArgSpec {
  /** Name shown in help, e.g. `ENV_ID`. */
  name: string;
  /** One-line description. */
  description: string;
  /** @default true */
  required?: boolean;
  /** Takes the rest of the arguments. @default false */
  variadic?: boolean;
}

/** What a command's `run` receives. */
export interface CommandContext<C> {
  /** The resolved, validated configuration (flags > env > .env > defaults). */
  config: Readonly<C>;
  /** Positional arguments, in the order of `args`. */
  args: string[];
  /** Root logger of the command, bound to `{ role }`. */
  log: Logger;
  /** Aborted on SIGINT/SIGTERM. */
  signal: AbortSignal;
  /** Writes a command result to stdout (one line, newline added). */
  print(text: string): void;
}

/**
 * One CLI command. Every flag comes from `schema` (key `fooBar` → `--foo-bar`, env
 * `KINITRO_<ROLE>_FOO_BAR` or `KINITRO_FOO_BAR` for shared fields); help text is generated
 * from it. `run` lazily imports its role with a string-literal `import()`.
 */
export interface CommandSpec<S extends z.ZodObject = z.ZodObject> {
  /** Command path: `"api"`, `"test-env"`, `"db migrate"`, `"api-key create"`. */
  name: string;
  /** One-line summary for `kinitro --help`. */
  summary: string;
  /** Longer help text shown under the usage line. */
  description?: string;
  /** Role segment of environment names (`api` → `KINITRO_API_PORT`); none for tools. */
  role?: string;
  /** Positional arguments. @default [] */
  args?: ArgSpec[];
  /** The configuration schema; its fields are the command's flags. */
  schema: S;
  /** Runs the command; returns an exit code (default 0). Throw `KinitroError`s for failures. */
  run(ctx: CommandContext<z.output<S>>): Promise<number | void>;
}

/** Declares a command with full type inference of its config. */
export function defineCommand<S extends z.ZodObject>(spec: CommandSpec<S>): CommandSpec<S> {
  return spec;
}

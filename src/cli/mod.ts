/**
 * The command line: argv → command table → role runner. The only code that prints
 * `error: …` and chooses exit codes. Roles are imported lazily by each command's `run`.
 *
 * @module
 */
import { Command, CommanderError, Option } from "commander";
import type { z } from "zod";
import {
  describeFields,
  type FieldInfo,
  loadConfig,
  LogConfigSchema,
  readEnvironment,
  redactConfig,
} from "../config/mod.ts";
import { ConfigError, EXIT_CODES, exitCodeOf, KinitroError } from "../errors/mod.ts";
import { createLogger } from "../log/mod.ts";
import type { CommandSpec } from "./command.ts";
import { COMMANDS } from "./commands/mod.ts";
import { VERSION } from "./version.ts";

export { type ArgSpec, type CommandContext, type CommandSpec, defineCommand } from "./command.ts";

const encoder = new TextEncoder();

/** Where the CLI writes; injectable for tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Options of {@link run}. */
export interface RunOptions {
  /** Output streams. @default Deno.stdout / Deno.stderr */
  io?: CliIo;
  /** Commands to expose. @default COMMANDS */
  // deno-lint-ignore no-explicit-any
  commands?: CommandSpec<any>[];
  /** Signal that stops long-running commands. @default one wired to SIGINT/SIGTERM */
  signal?: AbortSignal;
}

const DEFAULT_IO: CliIo = {
  stdout: (t) => void Deno.stdout.writeSync(encoder.encode(t)),
  stderr: (t) => void Deno.stderr.writeSync(encoder.encode(t)),
};

function formatDefault(info: FieldInfo): string {
  if (info.defaultValue === undefined) return "";
  const v = Array.isArray(info.defaultValue)
    ? info.defaultValue.join(",")
    : String(info.defaultValue);
  return v === "" ? "" : ` (default: ${v})`;
}

function optionFor(info: FieldInfo): Option[] {
  const value = info.kind === "boolean" ? "" : ` <${info.meta.valueName ?? "value"}>`;
  const short = info.meta.short ? `-${info.meta.short}, ` : "";
  const envText = info.env ? ` [env: ${info.env}]` : "";
  const description = `${info.description}${formatDefault(info)}${envText}`;
  const main = new Option(`${short}${info.flag}${value}`, description);
  if (info.choices) main.choices(info.choices);
  const options = [main];
  for (const alias of info.flagAliases) {
    options.push(new Option(`--${alias}${value}`).hideHelp());
  }
  if (info.kind === "boolean") {
    options.push(new Option(`--no-${info.flag.slice(2)}`).hideHelp());
  }
  return options;
}

function flagValues(opts: Record<string, unknown>, fields: FieldInfo[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const info of fields) {
    let v = opts[info.key];
    for (const alias of info.flagAliases) {
      const aliasKey = alias.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
      if (v === undefined) v = opts[aliasKey];
    }
    if (v !== undefined) out[info.key] = v;
  }
  return out;
}

interface Outcome {
  code: number;
}

function signalController(external?: AbortSignal): { signal: AbortSignal; dispose(): void } {
  if (external) return { signal: external, dispose() {} };
  const controller = new AbortController();
  const onSignal = () => controller.abort(new DOMException("Interrupted", "AbortError"));
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  for (const s of signals) Deno.addSignalListener(s, onSignal);
  return {
    signal: controller.signal,
    dispose() {
      for (const s of signals) Deno.removeSignalListener(s, onSignal);
    },
  };
}

function attach(
  parent: Command,
  // deno-lint-ignore no-explicit-any
  spec: CommandSpec<any>,
  io: CliIo,
  outcome: Outcome,
  externalSignal?: AbortSignal,
): void {
  const path = spec.name.split(" ");
  let group = parent;
  for (const part of path.slice(0, -1)) {
    group = group.commands.find((c) => c.name() === part) ??
      group.command(part).description(`${part} commands`);
  }
  const schema = LogConfigSchema.extend((spec.schema as z.ZodObject).shape);
  const fields = describeFields(schema, spec.role);
  const cmd = group.command(path[path.length - 1]).description(spec.summary);
  if (spec.description) cmd.addHelpText("after", "\n" + spec.description);
  for (const arg of spec.args ?? []) {
    const name = `${arg.name}${arg.variadic ? "..." : ""}`;
    cmd.argument(arg.required === false ? `[${name}]` : `<${name}>`, arg.description);
  }
  for (const info of fields) for (const o of optionFor(info)) cmd.addOption(o);
  cmd.option("--env-file <path>", "Read environment variables from this file (default: ./.env)");
  cmd.option("--print-config", "Print the resolved configuration (secrets redacted) and exit");
  cmd.option("-v, --verbose", "Print the causes of an error");
  cmd.action(async (...actionArgs: unknown[]) => {
    const command = actionArgs[actionArgs.length - 1] as Command;
    const opts = command.opts();
    const positional = (command.processedArgs as unknown[]).flatMap((a) =>
      a === undefined ? [] : Array.isArray(a) ? a.map(String) : [String(a)]
    );
    const environment = await readEnvironment(opts.envFile as string | undefined);
    const config = loadConfig(schema, {
      flags: flagValues(opts, fields),
      env: environment.env,
      dotenv: environment.dotenv,
      role: spec.role,
    }) as Record<string, unknown>;
    if (opts.printConfig) {
      io.stdout(JSON.stringify(redactConfig(schema, config), null, 2) + "\n");
      return;
    }
    const log = createLogger({
      level: config.logLevel as "info",
      format: config.logFormat as "auto",
      bindings: { role: spec.role ?? spec.name.replaceAll(" ", "-") },
    });
    const sig = signalController(externalSignal);
    try {
      const code = await spec.run({
        config,
        args: positional,
        log,
        signal: sig.signal,
        print: (text: string) => io.stdout(text + "\n"),
      });
      outcome.code = code ?? 0;
    } finally {
      sig.dispose();
    }
  });
}

/** Builds the commander program for a set of commands. */
export function buildProgram(
  // deno-lint-ignore no-explicit-any
  commands: CommandSpec<any>[],
  io: CliIo,
  outcome: Outcome,
  signal?: AbortSignal,
): Command {
  const program = new Command("kinitro")
    .description("Evaluate generalist robot policies for a Bittensor subnet")
    .version(VERSION, "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  program.addHelpCommand(false);
  for (const spec of commands) attach(program, spec, io, outcome, signal);
  const groups = program.commands.filter((c) => c.commands.length > 0);
  for (const g of groups) {
    g.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  }
  return program;
}

/**
 * Runs the CLI with `args` and returns the process exit code.
 *
 * @example Print the version
 * ```ts
 * import { run } from "./mod.ts";
 * const out: string[] = [];
 * const code = await run(["--version"], { io: { stdout: (t) => out.push(t), stderr: () => {} } });
 * if (code !== 0 || !out.join("").trim()) throw new Error("expected a version");
 * ```
 */
export async function run(args: string[], options: RunOptions = {}): Promise<number> {
  const io = options.io ?? DEFAULT_IO;
  const outcome: Outcome = { code: 0 };
  const program = buildProgram(options.commands ?? COMMANDS, io, outcome, options.signal);
  const setExit = (c: Command) => {
    c.exitOverride();
    c.configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
    c.commands.forEach(setExit);
  };
  setExit(program);
  const verbose = args.includes("--verbose") || args.includes("-v");
  try {
    if (args.length === 0 || (args.length === 1 && args[0] === "help")) {
      io.stdout(program.helpInformation());
      return EXIT_CODES.ok;
    }
    // `kinitro help db status` is `kinitro db status --help`
    if (args[0] === "help") {
      const words = args.slice(1).filter((a) => !a.startsWith("-"));
      let cmd: Command | undefined = program;
      for (const w of words) cmd = cmd?.commands.find((c) => c.name() === w);
      if (!cmd) {
        io.stderr(`error: unknown command '${words.join(" ")}' (run kinitro help)\n`);
        return EXIT_CODES.usage;
      }
      args = [...words, "--help"];
    }
    await program.parseAsync(args, { from: "user" });
    return outcome.code;
  } catch (err) {
    return reportError(err, io, verbose);
  }
}

function reportError(err: unknown, io: CliIo, verbose: boolean): number {
  if (err instanceof CommanderError) {
    if (
      err.code === "commander.helpDisplayed" || err.code === "commander.version" ||
      err.code === "commander.help"
    ) return EXIT_CODES.ok;
    // commander has already printed its message
    return err.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
  }
  if (err instanceof ConfigError) {
    io.stderr(`error: ${err.message}\n`);
    return EXIT_CODES.config;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr(`error: ${message}\n`);
  if (verbose || !(err instanceof KinitroError)) {
    let cause = err instanceof Error ? err.cause : undefined;
    while (cause !== undefined) {
      io.stderr(`  Caused by: ${cause instanceof Error ? cause.message : String(cause)}\n`);
      cause = cause instanceof Error ? cause.cause : undefined;
    }
    if (!(err instanceof KinitroError) && err instanceof Error && err.stack) {
      io.stderr(err.stack + "\n");
    }
  }
  return exitCodeOf(err);
}

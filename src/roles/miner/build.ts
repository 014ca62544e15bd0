import { DependencyError, UsageError } from "../../errors/mod.ts";
import type { Logger } from "../../log/mod.ts";

/** Runs a command; returns its exit code and captured stderr (empty when inherited). */
export type CommandRunner = (
  cmd: string,
  args: string[],
  options: { capture: boolean },
) => Promise<{ code: number; stderr: string }>;

/** Options of {@link buildImage}. */
export interface BuildImageOptions {
  /** Image tag, e.g. `user/kinitro-policy:v1`. */
  tag: string;
  /** Push the image after building it. @default false */
  push?: boolean;
  /** The docker executable. @default "docker" */
  docker?: string;
  /** @default runs the command with Deno.Command */
  run?: CommandRunner;
  /** @default none */
  log?: Logger;
}

async function runCommand(
  cmd: string,
  args: string[],
  options: { capture: boolean },
): Promise<{ code: number; stderr: string }> {
  const out = await new Deno.Command(cmd, {
    args,
    stdin: "null",
    // build output is progress, not a result: keep stdout for results
    stdout: options.capture ? "null" : "inherit",
    stderr: options.capture ? "piped" : "inherit",
  }).output();
  return {
    code: out.code,
    stderr: options.capture ? new TextDecoder().decode(out.stderr) : "",
  };
}

/**
 * Builds the policy server image with `docker build -t TAG PATH`, then pushes it when
 * asked. Returns the exit code of the failing docker step, or 0.
 *
 * @throws {UsageError} when `path` has no Dockerfile
 * @throws {DependencyError} when docker is not installed or no Docker engine answers
 */
export async function buildImage(path: string, options: BuildImageOptions): Promise<number> {
  const docker = options.docker ?? "docker";
  const run = options.run ?? runCommand;
  try {
    await Deno.stat(`${path}/Dockerfile`);
  } catch (cause) {
    throw new UsageError(`Cannot build "${path}": it has no Dockerfile`, { cause });
  }
  let probe;
  try {
    probe = await run(docker, ["version", "--format", "{{.Server.Version}}"], { capture: true });
  } catch (cause) {
    if (cause instanceof Deno.errors.NotFound) {
      throw new DependencyError(`Cannot build "${options.tag}": "${docker}" is not installed`, {
        cause,
      });
    }
    throw cause;
  }
  if (probe.code !== 0) {
    const why = probe.stderr.trim().split("\n").at(-1) ?? "";
    throw new DependencyError(
      `Cannot build "${options.tag}": no Docker engine is reachable${why ? ` (${why})` : ""}`,
    );
  }
  options.log?.info("Building image", { tag: options.tag, path });
  const built = await run(docker, ["build", "-t", options.tag, path], { capture: false });
  if (built.code !== 0) {
    options.log?.error("Docker build failed", { tag: options.tag, code: built.code });
    return built.code;
  }
  if (options.push) {
    options.log?.info("Pushing image", { tag: options.tag });
    const pushed = await run(docker, ["push", options.tag], { capture: false });
    if (pushed.code !== 0) {
      options.log?.error("Docker push failed", { tag: options.tag, code: pushed.code });
      return pushed.code;
    }
  }
  return 0;
}

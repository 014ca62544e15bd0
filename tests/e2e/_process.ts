/**
 * Child processes for the end-to-end tests: `deno run -A main.ts <role> ...` with stdout and
 * stderr collected line by line (so a chatty child never blocks on a full pipe), waits for a
 * line, and a stop that always awaits the exit and the streams (Deno's test sanitizers).
 *
 * @module
 */

/** The repository root (children run there). */
export const REPO_ROOT: string = new URL("../../", import.meta.url).pathname;

/** A running child with its output so far. */
export class Proc {
  readonly name: string;
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  /** Resolves with the exit status once the child has exited and both streams are drained. */
  readonly done: Promise<Deno.CommandStatus>;
  #child: Deno.ChildProcess;
  #exited = false;
  #waiters = new Set<() => void>();

  constructor(name: string, child: Deno.ChildProcess) {
    this.name = name;
    this.#child = child;
    const pumps = [this.#pump(child.stdout, this.stdout), this.#pump(child.stderr, this.stderr)];
    this.done = (async () => {
      const status = await child.status;
      this.#exited = true;
      await Promise.all(pumps);
      this.#notify();
      return status;
    })();
  }

  /** Whether the child has exited. */
  get exited(): boolean {
    return this.#exited;
  }

  async #pump(stream: ReadableStream<Uint8Array>, lines: string[]): Promise<void> {
    let rest = "";
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
      const parts = (rest + chunk).split("\n");
      rest = parts.pop()!;
      if (parts.length > 0) {
        lines.push(...parts);
        this.#notify();
      }
    }
    if (rest) lines.push(rest);
  }

  #notify(): void {
    for (const w of this.#waiters) w();
  }

  /**
   * Waits for a line of `stream` that `match` accepts and returns it.
   *
   * @throws {Error} when the child exits first or `timeoutMs` passes (with its stderr tail)
   */
  waitForLine(
    stream: "stdout" | "stderr",
    match: (line: string) => boolean,
    timeoutMs = 60_000,
  ): Promise<string> {
    const lines = this[stream];
    return new Promise((resolve, reject) => {
      const finish = (fn: () => void) => {
        clearTimeout(timer);
        this.#waiters.delete(check);
        fn();
      };
      const check = () => {
        const line = lines.find(match);
        if (line !== undefined) finish(() => resolve(line));
        else if (this.#exited) {
          finish(() => reject(new Error(`${this.name} exited before the line: ${this.tail()}`)));
        }
      };
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(new Error(`Timed out waiting for a line of ${this.name}: ${this.tail()}`))
          ),
        timeoutMs,
      );
      this.#waiters.add(check);
      check();
    });
  }

  /** Sends `signal` (unless the child has exited) and waits for the exit. */
  async stop(signal: Deno.Signal = "SIGTERM"): Promise<Deno.CommandStatus> {
    if (!this.#exited) {
      try {
        this.#child.kill(signal);
      } catch {
        // exited between the check and the kill
      }
    }
    return await this.done;
  }

  /** The last lines of stderr, for assertion messages. */
  tail(n = 15): string {
    return `\n--- ${this.name} stderr (last ${n} lines) ---\n${this.stderr.slice(-n).join("\n")}`;
  }
}

/** No `.env` of the developer's checkout leaks into the children's configuration. */
const NO_ENV_FILE = ["--env-file", "/dev/null"];

/** Starts `deno run -A main.ts ...args` in the repository root. */
export function spawnKinitro(name: string, args: string[]): Proc {
  return spawnScript(name, "main.ts", [...args, ...NO_ENV_FILE]);
}

/** Starts `deno run -A <script> ...args` in the repository root. */
export function spawnScript(name: string, script: string, args: string[]): Proc {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", script, ...args],
    cwd: REPO_ROOT,
    env: { KINITRO_LOG_FORMAT: "json", NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  return new Proc(name, child);
}

/** Result of a one-shot command. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `deno run -A main.ts ...args` to completion. */
export async function runKinitro(args: string[]): Promise<CliResult> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", ...args, ...NO_ENV_FILE],
    cwd: REPO_ROOT,
    env: { KINITRO_LOG_FORMAT: "json", NO_COLOR: "1" },
    stdin: "null",
  }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

/** Polls `check` every `everyMs` until it returns a value other than undefined. */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined>,
  options: { timeoutMs?: number; everyMs?: number; context?: () => string } = {},
): Promise<T> {
  const end = Date.now() + (options.timeoutMs ?? 60_000);
  while (true) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) {
      throw new Error(`Timed out waiting for ${what}${options.context?.() ?? ""}`);
    }
    await new Promise((r) => setTimeout(r, options.everyMs ?? 100));
  }
}

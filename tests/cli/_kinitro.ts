/** Shared helper of the CLI tests: runs the real binary entry point in a subprocess. */

const MAIN = new URL("../../main.ts", import.meta.url).pathname;

/** Runs `deno run -A main.ts ...args` and returns exit code, stdout and stderr. */
export async function kinitro(args: string[], env: Record<string, string> = {}) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code, stdout: dec.decode(stdout), stderr: dec.decode(stderr) };
}

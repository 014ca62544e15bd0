/** Test helper of the command tests: runs the CLI in-process and captures its output. */
import { run } from "../mod.ts";

/** Keeps run() from installing SIGINT/SIGTERM listeners in the test process. */
const NO_SIGNAL = new AbortController().signal;

/** Runs `kinitro ...args` in this process; returns the exit code, stdout and stderr. */
export async function runCaptured(
  args: string[],
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, {
    signal: NO_SIGNAL,
    io: { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) },
  });
  return { code, out: out.join(""), err: err.join("") };
}

import { UpstreamError } from "../../errors/mod.ts";
import { type CycleOutcome, runCycle } from "./cycle.ts";
import { type CycleConfig, type SchedulerDeps, SYSTEM_CLOCK } from "./deps.ts";

/** Options of {@link runSchedulerLoop}. */
export interface SchedulerLoopOptions {
  /** Run a single cycle and return. @default false */
  once?: boolean;
  /** Seconds to wait after a cycle ends before the next one starts. @default 3600 */
  evalInterval?: number;
  /** Stops the loop: while waiting on a cycle (it stays open) or between cycles. */
  signal?: AbortSignal;
}

/**
 * Runs evaluation cycles until the signal aborts (or one, with `once`), sleeping
 * `evalInterval` seconds after each. A cycle that fails because the database or the chain is
 * unreachable is logged and retried after the interval; any other error ends the loop (our
 * bug: the supervisor restarts the role, and the restart resumes the open cycle).
 *
 * @returns the outcome of every cycle run, oldest first
 */
export async function runSchedulerLoop(
  deps: SchedulerDeps,
  config: CycleConfig,
  options: SchedulerLoopOptions = {},
): Promise<CycleOutcome[]> {
  const clock = deps.clock ?? SYSTEM_CLOCK;
  const outcomes: CycleOutcome[] = [];
  const signal = options.signal;
  while (!signal?.aborted) {
    try {
      outcomes.push(await runCycle(deps, config, { signal }));
    } catch (err) {
      if (!(err instanceof UpstreamError)) throw err;
      deps.log.error("Cannot run cycle: a dependency is unreachable", { error: err.message });
      if (options.once) throw err;
    }
    if (options.once || signal?.aborted) break;
    const seconds = options.evalInterval ?? 3600;
    deps.log.info("Waiting for the next cycle", { seconds });
    await clock.sleep(seconds * 1000, signal);
  }
  return outcomes;
}

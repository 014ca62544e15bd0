import { ChainTxError } from "../../chain/mod.ts";
import { pause } from "../../core/mod.ts";
import { ConfigError } from "../../errors/mod.ts";
import type { Logger } from "../../log/mod.ts";
import { runValidatorStep, type StepDeps, type StepResult } from "./step.ts";

/** Approximate subtensor block time, to turn a rate-limit wait into a delay. */
export const BLOCK_TIME_MS = 12_000;

/** Options of {@link runValidatorLoop}. */
export interface ValidatorLoopOptions {
  /** Delay between polls in milliseconds. */
  pollMs: number;
  /** Stops the loop. */
  signal: AbortSignal;
  /** Longest delay after repeated errors. @default 600000 */
  maxBackoffMs?: number;
  /** Waits `ms` or until `signal` aborts. @default a setTimeout-based sleep */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Called after every iteration (tests). */
  onStep?: (result: StepResult | Error) => void;
}

/**
 * Runs {@link runValidatorStep} until `signal` aborts, with the state kept in `deps.store`.
 * Errors (a chain refusal included) are logged in one line and retried with exponential
 * backoff from the poll interval, never in a tight loop; a {@link ConfigError} (our hotkey is
 * not registered) ends the loop.
 */
export async function runValidatorLoop(
  deps: StepDeps & { log: Logger },
  options: ValidatorLoopOptions,
): Promise<void> {
  const sleep = options.sleep ?? pause;
  const maxBackoffMs = options.maxBackoffMs ?? 600_000;
  const state = (await deps.store?.load()) ?? {};
  let failures = 0;
  while (!options.signal.aborted) {
    let delay = options.pollMs;
    try {
      const result = await runValidatorStep(state, deps);
      failures = 0;
      options.onStep?.(result);
      if (result.action === "rate-limited") {
        delay = Math.min(options.pollMs, Math.max(1000, result.waitBlocks * BLOCK_TIME_MS));
        deps.log.info("Waiting for the weights rate limit", { waitBlocks: result.waitBlocks });
      } else if (result.action === "no-weights") {
        deps.log.info("No weights published yet");
      } else if (result.action === "nothing-to-set") {
        deps.log.warn("No uid of the latest weights is still registered with its hotkey");
      } else if (result.action === "commit-pending") {
        deps.log.info("Waiting for the pending commit to be revealed", {
          revealRounds: result.revealRounds.map(String),
          lastStoredRound: String(result.lastStoredRound),
        });
      }
    } catch (err) {
      if (options.signal.aborted) break;
      if (err instanceof ConfigError) throw err;
      failures++;
      options.onStep?.(err as Error);
      delay = Math.min(maxBackoffMs, options.pollMs * 2 ** (failures - 1));
      if (err instanceof ChainTxError) {
        deps.log.error("Chain refused the weights", {
          chainError: err.chainError,
          explanation: err.explanation ?? null,
          error: err.message,
          failures,
          retryInMs: delay,
        });
      } else {
        deps.log.error("Validator iteration failed", {
          error: (err as Error).message,
          failures,
          retryInMs: delay,
        });
      }
    }
    await sleep(delay, options.signal);
  }
}

/** Retrying API calls: network errors, 429 and 5xx are retried with backoff; 4xx are not. */
import { pause } from "../../core/mod.ts";
import { KinitroError } from "../../errors/mod.ts";

/** Whether an API failure may succeed on retry (no answer, 429, or a 5xx). */
export function isRetryable(err: unknown): boolean {
  const status = (err as { status?: unknown } | null)?.status;
  if (typeof status === "number") return status === 429 || status >= 500;
  // No HTTP status: the request did not get an answer (network, timeout, bad body).
  return !(err instanceof KinitroError) || err.code === "upstream_unavailable" ||
    err.code === "internal";
}

/** Options of {@link withRetry}. */
export interface RetryOptions {
  /** First wait. @default 250 */
  baseDelayMs?: number;
  /** Longest wait. @default 10000 */
  maxDelayMs?: number;
  /** Give up after this long in total. @default 120000 */
  deadlineMs?: number;
  /** Stops retrying (the last error is thrown). @default none */
  signal?: AbortSignal;
  /** Called before each wait. @default none */
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
}

/**
 * Calls `fn` until it succeeds, a non-retryable error is thrown, the deadline passes or
 * `signal` aborts. Waits double from `baseDelayMs` with ±25 % jitter.
 */
export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const base = options.baseDelayMs ?? 250;
  const max = options.maxDelayMs ?? 10_000;
  const deadline = performance.now() + (options.deadlineMs ?? 120_000);
  for (let attempt = 1;; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const delay = Math.min(max, base * 2 ** (attempt - 1)) * (0.75 + Math.random() / 2);
      if (
        !isRetryable(err) || options.signal?.aborted || performance.now() + delay > deadline
      ) throw err;
      options.onRetry?.(err, attempt, delay);
      await pause(delay, options.signal);
    }
  }
}

/**
 * Safe strings and bounded numbers from outside, in one place. Every wire schema that takes a
 * string or a number from an executor, a miner or a client builds it from these helpers, so
 * that what reaches SQL is storable (PostgreSQL rejects NUL in `text`; an unpaired UTF-16
 * surrogate is not Unicode) and every number is finite and inside a documented range (a
 * value outside is a 422 naming the field, never a 500 from an `integer` column or an
 * overflowing sum).
 */
import { z } from "zod";

/** Largest value of a PostgreSQL `integer` column. */
export const INT4_MAX = 2_147_483_647;
/** Bound of an episode's total reward, either sign (tasks give at most 10 per step). */
export const MAX_ABS_REWARD = 1_000_000;
/** Most steps of an episode. */
export const MAX_STEPS = 1_000_000;
/** Bound of a latency (one miner call), in milliseconds: one hour. */
export const MAX_LATENCY_MS = 3_600_000;
/** Bound of an episode's wall time, in milliseconds: one day. */
export const MAX_WALL_MS = 86_400_000;

// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u001F\u007F]/;

/**
 * Makes a string storable: NUL bytes removed, unpaired surrogates replaced by U+FFFD, and cut
 * to at most `max` UTF-16 code units without splitting a pair.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cleanText } from "./mod.ts";
 * assert.equal(cleanText("a\u0000b\uD800"), "ab\uFFFD");
 * ```
 */
export function cleanText(s: string, max = Infinity): string {
  let out = s.includes("\u0000") ? s.replaceAll("\u0000", "") : s;
  if (out.length > max) out = out.slice(0, max);
  return out.toWellFormed();
}

/** Whether a string can be stored as it is (no NUL, no unpaired surrogate). */
export function isStorable(s: string): boolean {
  return !s.includes("\u0000") && s.isWellFormed();
}

/**
 * Free text from outside (error texts, descriptions): at most `max` characters, cleaned with
 * {@link cleanText} rather than refused, so that a hostile miner's bytes in an error message
 * never cost the executor its submit.
 */
export function safeText(max: number): z.ZodPipe<z.ZodString, z.ZodTransform<string, string>> {
  return z.string().max(max).transform((s) => cleanText(s));
}

/**
 * A name or id from outside (env ids, executor ids, key names): 1 to `max` characters, no
 * control characters, no unpaired surrogates. Refused (422) otherwise: an id is not repaired.
 */
export function plainId(max: number): z.ZodString {
  return z.string().min(1).max(max).refine(
    (s) => !CONTROL.test(s) && isStorable(s),
    "Must not contain NUL or other control characters, or unpaired UTF-16 surrogates",
  );
}

/** A finite number in `[min, max]`. */
export function boundedNumber(min: number, max: number): z.ZodNumber {
  return z.number().finite().min(min).max(max);
}

/** An integer in `[min, max]` (both safe integers). */
export function boundedInt(min: number, max: number): z.ZodNumber {
  return z.number().int().min(min).max(max);
}

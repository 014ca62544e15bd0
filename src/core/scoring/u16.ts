/** Largest weight value the chain accepts. */
export const U16_MAX = 65535;

/** Weights as the chain takes them: parallel arrays, keyed by uid and hotkey. */
export interface U16Weights {
  uids: number[];
  /** Hotkey of each uid when the weights were computed; a validator checks it before setting. */
  hotkeys: string[];
  values: number[];
}

/**
 * Converts weights to u16 the way the chain normalises them: the largest becomes 65535, every
 * other `round(w / max * 65535)`; entries that round to 0 are dropped. Output is sorted by
 * uid. All-zero or empty input gives empty arrays.
 *
 * @throws {RangeError} when a weight is negative or not finite, or a uid repeats
 */
export function toU16Weights(
  entries: readonly { uid: number; hotkey: string; weight: number }[],
): U16Weights {
  const seen = new Set<number>();
  let max = 0;
  for (const e of entries) {
    if (!(e.weight >= 0) || !Number.isFinite(e.weight)) {
      throw new RangeError(
        `Cannot convert weights to u16: weight "${e.weight}" of uid "${e.uid}" is not a finite number >= 0`,
      );
    }
    if (seen.has(e.uid)) {
      throw new RangeError(`Cannot convert weights to u16: uid "${e.uid}" appears twice`);
    }
    seen.add(e.uid);
    max = Math.max(max, e.weight);
  }
  const out: U16Weights = { uids: [], hotkeys: [], values: [] };
  if (max === 0) return out;
  const sorted = [...entries].sort((a, b) => a.uid - b.uid);
  for (const e of sorted) {
    const value = e.weight === max ? U16_MAX : Math.round((e.weight / max) * U16_MAX);
    if (value === 0) continue;
    out.uids.push(e.uid);
    out.hotkeys.push(e.hotkey);
    out.values.push(value);
  }
  return out;
}

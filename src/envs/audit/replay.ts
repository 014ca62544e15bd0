/**
 * Replay attacks: record the oracle's actions on source seeds and play them back on other
 * seeds without looking (best of N, and the mean trajectory).
 */
import type { Env } from "../env.ts";
import { getOracle } from "../registry.ts";
import type { BlindPolicy } from "./sweeps.ts";

/** One recorded episode: the oracle's clipped actions and whether it succeeded. */
export interface Recording {
  seed: number;
  success: boolean;
  actions: number[][];
}

/** Runs the oracle from `seed` and keeps its actions (clipped as the env applies them). */
export function recordOracle(env: Env, seed: number): Recording {
  const oracle = getOracle(env.id);
  let { state } = env.reset({ seed });
  const actions: number[][] = [];
  for (;;) {
    const a = oracle(state).map((v) => Math.min(1, Math.max(-1, v)));
    actions.push(a);
    const r = env.step(a);
    state = r.state;
    if (r.terminated || r.truncated) return { seed, success: r.info.success, actions };
  }
}

/** Plays `actions` open loop; after the last one, holds still with the last grip. */
export function replayPolicy(name: string, actions: readonly (readonly number[])[]): BlindPolicy {
  const last = actions.at(-1) ?? [0, 0, 0, -1];
  const hold = [0, 0, 0, last[3]];
  return {
    name,
    start() {
      let t = 0;
      return () => [...(actions[t++] ?? hold)];
    },
  };
}

/**
 * The step-wise mean of the recordings' actions (a recording that ended early contributes
 * "hold still with its last grip" after its end).
 */
export function meanActions(recordings: readonly Recording[]): number[][] {
  const len = Math.max(0, ...recordings.map((r) => r.actions.length));
  const out: number[][] = [];
  for (let t = 0; t < len; t++) {
    const sum = [0, 0, 0, 0];
    for (const r of recordings) {
      const a = r.actions[t] ?? [0, 0, 0, r.actions.at(-1)?.[3] ?? -1];
      for (let k = 0; k < 4; k++) sum[k] += a[k];
    }
    out.push(sum.map((v) => v / recordings.length));
  }
  return out;
}

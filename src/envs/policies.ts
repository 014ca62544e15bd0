import { createRng } from "../core/mod.ts";
import { getOracle } from "./registry.ts";
import type { Observation, PrivilegedState } from "./types.ts";

/** Built-in policies for testing an env. */
export type PolicyKind = "random" | "oracle" | "zero";

/** A policy acting on observations (and, for oracles, privileged state). */
export interface Policy {
  act(observation: Observation, state: PrivilegedState): number[];
}

/**
 * Creates a built-in policy. `random` is seeded from `seed`, so runs are reproducible.
 * @throws {NotFoundError} for `oracle` when the env has none
 */
export function createPolicy(kind: PolicyKind, envId: string, seed: number): Policy {
  switch (kind) {
    case "zero":
      return { act: () => [0, 0, 0, 0] };
    case "random": {
      const rng = createRng(seed).fork();
      return { act: () => [0, 1, 2, 3].map(() => rng.range(-1, 1)) };
    }
    case "oracle": {
      const oracle = getOracle(envId);
      return { act: (_obs, state) => oracle(state) };
    }
  }
}

import type { Env } from "./env.ts";
import { createPolicy, type PolicyKind } from "./policies.ts";

/** Outcome of one episode. */
export interface EpisodeSummary {
  seed: number;
  success: boolean;
  /** Steps taken (the episode ends at success or at the step limit). */
  steps: number;
  /** Sum of rewards. */
  reward: number;
}

/** Runs one episode of a built-in policy from `seed`. */
export function runEpisode(env: Env, policy: PolicyKind, seed: number): EpisodeSummary {
  const agent = createPolicy(policy, env.id, seed);
  let { observation, state } = env.reset({ seed });
  let total = 0;
  for (;;) {
    const r = env.step(agent.act(observation, state));
    total += r.reward;
    observation = r.observation;
    state = r.state;
    if (r.terminated || r.truncated) {
      return { seed, success: r.info.success, steps: r.info.steps, reward: total };
    }
  }
}

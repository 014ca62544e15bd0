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

/** One step of an episode, as handed to {@link RunEpisodeOptions.onStep}. */
export interface StepRecord {
  /** 1-based step number. */
  step: number;
  /** Proprio `[ee_x, ee_y, ee_z, gripper]` the action was chosen from. */
  proprio: number[];
  /** The action applied (after clipping to [-1, 1]). */
  action: number[];
  reward: number;
  success: boolean;
}

/** Options of {@link runEpisode}. */
export interface RunEpisodeOptions {
  /** Called after every step (for trajectories). @default undefined */
  onStep?: (record: StepRecord) => void;
}

/** Runs one episode of a built-in policy from `seed`. */
export function runEpisode(
  env: Env,
  policy: PolicyKind,
  seed: number,
  options: RunEpisodeOptions = {},
): EpisodeSummary {
  const agent = createPolicy(policy, env.id, seed);
  let { observation, state } = env.reset({ seed });
  let total = 0;
  for (;;) {
    const action = agent.act(observation, state);
    const proprio = Array.from(observation.proprio);
    const r = env.step(action);
    total += r.reward;
    options.onStep?.({
      step: r.info.steps,
      proprio,
      action: Array.from(action, (a) => Math.min(1, Math.max(-1, a))),
      reward: r.reward,
      success: r.info.success,
    });
    observation = r.observation;
    state = r.state;
    if (r.terminated || r.truncated) {
      return { seed, success: r.info.success, steps: r.info.steps, reward: total };
    }
  }
}

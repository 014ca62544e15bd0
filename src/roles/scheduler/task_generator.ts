import type { SceneSeedTable } from "../../core/mod.ts";
import type { NewTask } from "../../db/mod.ts";

/** A miner scheduled in a cycle. */
export interface ScheduledMiner {
  uid: number;
  hotkey: string;
  /** Base URL of the miner's policy server. */
  endpoint: string;
  /** Raw commitment text, when any (kept in the cycle's miner snapshot). */
  commitment: string | null;
  /** Block of the commitment (first-commit priority in scoring). */
  commitBlock: number;
}

/** One task row to insert: the db layer's `NewTask` with every field set. */
export type PlannedTask = Required<NewTask>;

/** Options of {@link generateTasks}. */
export interface GenerateTasksOptions {
  envIds: readonly string[];
  episodesPerEnv: number;
  /** Seeds of every (env, episode), shared by all miners. */
  seeds: SceneSeedTable;
  /** Step limit of each episode. @default 500 */
  maxSteps?: number;
}

/**
 * One task per (miner, env, episode). Every miner gets the same seed for the same
 * (env, episode): paired evaluation.
 *
 * @throws {RangeError} when a seed is missing or a miner uid appears twice
 */
export function generateTasks(
  miners: readonly ScheduledMiner[],
  options: GenerateTasksOptions,
): PlannedTask[] {
  const seen = new Set<number>();
  for (const m of miners) {
    if (seen.has(m.uid)) {
      throw new RangeError(`Cannot generate tasks: uid "${m.uid}" appears twice`);
    }
    seen.add(m.uid);
  }
  const tasks: PlannedTask[] = [];
  for (const envId of options.envIds) {
    const seeds = options.seeds.get(envId);
    if (!seeds || seeds.length < options.episodesPerEnv) {
      throw new RangeError(
        `Cannot generate tasks: ${seeds?.length ?? 0} seeds for "${envId}", need ` +
          `${options.episodesPerEnv}`,
      );
    }
    for (const m of miners) {
      for (let i = 0; i < options.episodesPerEnv; i++) {
        tasks.push({
          minerUid: m.uid,
          minerHotkey: m.hotkey,
          minerEndpoint: m.endpoint,
          envId,
          episodeIndex: i,
          seed: seeds[i],
          maxSteps: options.maxSteps ?? 500,
        });
      }
    }
  }
  return tasks;
}

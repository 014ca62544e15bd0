import type { Rng } from "../rng.ts";
import type { MinerResults, ScoreTable } from "./types.ts";

/** Shape of a generated table. */
export interface RandomTableOptions {
  /** Episodes per result (the most, when `varyEpisodes`). @default 50 */
  episodes?: number;
  /** Draw each result's episode count uniformly from [1, episodes]. @default false */
  varyEpisodes?: boolean;
  /** Chance that a miner copies the results of an earlier one. @default 0 */
  copyChance?: number;
  /** Chance that a result is missing. @default 0 */
  missingChance?: number;
  /** Chance that a result is a rate of 0 (a miner with no skill there). @default 0 */
  zeroChance?: number;
  /** Chance that a miner has rate 0 on every environment it has a result for. @default 0 */
  zeroMinerChance?: number;
  /**
   * First blocks are drawn from `[1000, 1000 + blockSpread)`, so small spreads give equal
   * blocks; 0 gives distinct blocks `1000 + 100 * uid`. @default 0
   */
  blockSpread?: number;
}

/**
 * Generates a score table of `miners x envs` from `rng`: each miner has a skill level and
 * each result is a success count over the episodes, so rates are multiples of `1/n` and
 * equal rates happen. Environments are named `env-0`, `env-1`, ...; miner `i` has uid `i` and
 * hotkey `hk-i`.
 */
export function randomScoreTable(
  rng: Rng,
  size: { miners: number; envs: number },
  options: RandomTableOptions = {},
): ScoreTable {
  const {
    episodes = 50,
    varyEpisodes = false,
    copyChance = 0,
    missingChance = 0,
    zeroChance = 0,
    zeroMinerChance = 0,
    blockSpread = 0,
  } = options;
  const envs = Array.from({ length: size.envs }, (_, e) => `env-${e}`);
  const miners: MinerResults[] = [];
  for (let uid = 0; uid < size.miners; uid++) {
    const firstBlock = blockSpread > 0 ? 1000 + rng.int(0, blockSpread - 1) : 1000 + 100 * uid;
    const hotkey = `hk-${uid}`;
    if (miners.length > 0 && rng.uniform() < copyChance) {
      const source = miners[rng.int(0, miners.length - 1)];
      miners.push({ uid, hotkey, firstBlock, results: { ...source.results } });
      continue;
    }
    const skill = rng.uniform();
    const zeroMiner = zeroMinerChance > 0 && rng.uniform() < zeroMinerChance;
    const results: MinerResults["results"] = {};
    for (const env of envs) {
      if (rng.uniform() < missingChance) continue;
      const n = varyEpisodes ? rng.int(1, episodes) : episodes;
      const zero = zeroMiner || (zeroChance > 0 && rng.uniform() < zeroChance);
      const p = zero ? 0 : Math.min(1, Math.max(0, skill + 0.3 * rng.normal()));
      let successes = 0;
      for (let i = 0; i < n; i++) if (rng.uniform() < p) successes++;
      (results as Record<string, { rate: number; episodes: number }>)[env] = {
        rate: successes / n,
        episodes: n,
      };
    }
    miners.push({ uid, hotkey, firstBlock, results });
  }
  return { envs, miners };
}

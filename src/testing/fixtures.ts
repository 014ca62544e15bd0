import { createCycle, type Cycle, type Db, insertTasks, type NewTask } from "../db/mod.ts";

/** Options of {@link seedCycle}. */
export interface SeedCycleOptions {
  /** @default 2 */
  miners?: number;
  /** @default ["metaworld/reach-v4", "metaworld/push-v4"] */
  envIds?: string[];
  /** @default 2 */
  episodesPerEnv?: number;
  /** @default 100 */
  block?: number;
  /** @default 3 */
  maxAttempts?: number;
  /** @default one hour from now */
  deadline?: Date;
}

/** Opens a cycle with one task per (miner, env, episode). */
export async function seedCycle(
  db: Db,
  options: SeedCycleOptions = {},
): Promise<{ cycle: Cycle; tasks: NewTask[] }> {
  const envIds = options.envIds ?? ["metaworld/reach-v4", "metaworld/push-v4"];
  const episodesPerEnv = options.episodesPerEnv ?? 2;
  const secret = "ab".repeat(32);
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(secret));
  const secretHash = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0"))
    .join("");
  const cycle = await createCycle(db, {
    block: options.block ?? 100,
    secret,
    secretHash,
    envIds,
    episodesPerEnv,
    deadline: options.deadline ?? new Date(Date.now() + 3600_000),
    nMiners: options.miners ?? 2,
  });
  const tasks: NewTask[] = [];
  for (let uid = 0; uid < (options.miners ?? 2); uid++) {
    for (const envId of envIds) {
      for (let e = 0; e < episodesPerEnv; e++) {
        tasks.push({
          minerUid: uid,
          minerHotkey: `5Hotkey${uid}`,
          minerEndpoint: `http://127.0.0.1:${9000 + uid}`,
          envId,
          episodeIndex: e,
          seed: uid * 1000 + e,
        });
      }
    }
  }
  await insertTasks(db, cycle.id, tasks, { maxAttempts: options.maxAttempts ?? 3 });
  return { cycle, tasks };
}

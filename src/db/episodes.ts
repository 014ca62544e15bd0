import type { Db } from "./db.ts";
import type { NewTask } from "./tasks.ts";

/** The result that decided one task of a cycle, with the task (and its seed) it ended. */
export interface CycleEpisodeRow extends Required<NewTask> {
  taskId: string;
  code: string;
  success: boolean;
  steps: number;
  renderer: string | null;
  runtime: string | null;
  modelSha256: string | null;
  actionDigest: string | null;
}

/**
 * Every finished task of a cycle with its last recorded result (the one that was scored),
 * ordered by miner, env and episode. Callers publish it only after the cycle's reveal.
 */
export async function listCycleEpisodes(db: Db, cycleId: number): Promise<CycleEpisodeRow[]> {
  const rows = await db.query<CycleEpisodeRow>(
    `SELECT DISTINCT ON (t.id) t.id::text AS task_id, t.miner_uid, t.miner_hotkey,
       t.miner_endpoint, t.env_id, t.episode_index, t.seed, t.max_steps, r.code, r.success,
       r.steps, r.renderer, r.runtime, r.model_sha256, r.action_digest
     FROM tasks t JOIN episode_results r ON r.task_id = t.id
     WHERE t.cycle_id = $1 AND t.status IN ('completed', 'failed')
     ORDER BY t.id, r.id DESC`,
    [cycleId],
  );
  return rows.map((r) => ({ ...r, seed: Number(r.seed) })).sort((a, b) =>
    a.minerUid - b.minerUid || a.envId.localeCompare(b.envId) || a.episodeIndex - b.episodeIndex
  );
}

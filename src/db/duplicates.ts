import type { Db } from "./db.ts";

/** The fingerprint of one scored episode of a cycle, keyed by its paired scene. */
export interface EpisodeFingerprintRow {
  uid: number;
  hotkey: string;
  envId: string;
  episodeIndex: number;
  fingerprint: string;
}

/**
 * Fingerprints of a cycle's ended tasks (the last recorded result of each), for duplicate
 * detection; tasks whose result carried none are left out.
 */
export function listCycleFingerprints(db: Db, cycleId: number): Promise<EpisodeFingerprintRow[]> {
  return db.query<EpisodeFingerprintRow>(
    `SELECT t.miner_uid AS uid, t.miner_hotkey AS hotkey, t.env_id, t.episode_index,
       r.fingerprint
     FROM tasks t
     JOIN LATERAL (
       SELECT fingerprint FROM episode_results e WHERE e.task_id = t.id ORDER BY e.id DESC LIMIT 1
     ) r ON true
     WHERE t.cycle_id = $1 AND t.status = 'completed' AND r.fingerprint IS NOT NULL
     ORDER BY 1, 3, 4`,
    [cycleId],
  );
}

/** A duplicate group of a cycle, as stored. */
export interface DuplicateGroupRow {
  uids: number[];
  hotkeys: string[];
  originUid: number | null;
  representativeUid: number | null;
  /** Points the group earned as one competitor. */
  points: number;
  pairs: { a: number; b: number; paired: number; equal: number }[];
}

/** Stores (replacing) the duplicate groups of a cycle. */
export async function saveDuplicateGroups(
  db: Db,
  cycleId: number,
  groups: readonly DuplicateGroupRow[],
): Promise<void> {
  await db.query("DELETE FROM duplicate_groups WHERE cycle_id = $1", [cycleId]);
  for (const [i, g] of groups.entries()) {
    await db.query(
      `INSERT INTO duplicate_groups (cycle_id, group_index, uids, hotkeys, origin_uid,
         representative_uid, points, pairs)
       VALUES ($1, $2, $3::int[], $4::text[], $5, $6, $7, ($8::text)::jsonb)`,
      [
        cycleId,
        i,
        g.uids,
        g.hotkeys,
        g.originUid,
        g.representativeUid,
        g.points,
        JSON.stringify(g.pairs),
      ],
    );
  }
}

/** The duplicate groups of a cycle, in stored order. */
export function listDuplicateGroups(db: Db, cycleId: number): Promise<DuplicateGroupRow[]> {
  return db.query<DuplicateGroupRow>(
    `SELECT uids, hotkeys, origin_uid, representative_uid, points, pairs
     FROM duplicate_groups WHERE cycle_id = $1 ORDER BY group_index`,
    [cycleId],
  );
}

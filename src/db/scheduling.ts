import type { Db } from "./db.ts";

/**
 * Ends the unfinished tasks (pending or leased) of a cycle as `failed` with `infra_error`,
 * leaving the cycle open so it can be scored on what finished: the scheduler calls this when
 * a cycle's deadline passes. `infra_error` is our fault, so these tasks never count against a
 * miner. A result submitted afterwards for one of these leases is rejected.
 *
 * @returns the number of tasks ended
 */
export async function closeUnfinishedTasks(db: Db, cycleId: number): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `WITH closed AS (
       UPDATE tasks SET status = 'failed', result_code = 'infra_error', lease_owner = NULL,
         lease_id = NULL, lease_expires_at = NULL, updated_at = now()
       WHERE cycle_id = $1 AND status IN ('pending', 'leased')
       RETURNING 1)
     SELECT count(*) AS n FROM closed`,
    [cycleId],
  );
  return rows[0].n;
}

// Arbitrary constant key of the transaction-scoped lock that serializes opening cycles.
const CYCLE_OPEN_LOCK_KEY = 7_246_002;

/**
 * Inside a transaction: waits for the cycle-opening lock (held until the transaction ends)
 * and returns the id of a cycle that is still open, or null. A scheduler opens a cycle only
 * when this returns null, so two schedulers started together never open two cycles.
 */
export async function lockCycleOpening(tx: Db): Promise<number | null> {
  await tx.query("SELECT pg_advisory_xact_lock($1)", [CYCLE_OPEN_LOCK_KEY]);
  const rows = await tx.query<{ id: number }>(
    "SELECT id FROM cycles WHERE status = 'open' ORDER BY id DESC LIMIT 1",
  );
  return rows[0]?.id ?? null;
}

/** A miner's announcement, as the scheduler keys priority by it. */
export interface AnnouncementKey {
  hotkey: string;
  /** Raw commitment text; when null the endpoint stands in for it (local chains). */
  commitment: string | null;
  endpoint: string | null;
}

/**
 * The earliest commit block recorded in any earlier cycle's miner snapshot for each
 * (hotkey, announcement) pair, keyed `hotkey + "\n" + (commitment ?? endpoint)`. Re-committing
 * the same policy keeps its priority; a different policy starts from its own block.
 */
export async function earliestCommitBlocks(
  db: Db,
  keys: readonly AnnouncementKey[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const wanted = keys.filter((k) => (k.commitment ?? k.endpoint) !== null);
  if (wanted.length === 0) return out;
  const rows = await db.query<{ hotkey: string; announcement: string; block: number }>(
    `SELECT m.hotkey, coalesce(m.commitment, m.endpoint) AS announcement,
       min(m.first_block) AS block
     FROM miners m
     JOIN unnest($1::text[], $2::text[]) AS k(hotkey, announcement)
       ON m.hotkey = k.hotkey AND coalesce(m.commitment, m.endpoint) = k.announcement
     WHERE m.first_block IS NOT NULL
     GROUP BY 1, 2`,
    [wanted.map((k) => k.hotkey), wanted.map((k) => k.commitment ?? k.endpoint)],
  );
  for (const r of rows) out.set(announcementKey(r.hotkey, r.announcement), r.block);
  return out;
}

/** The map key of {@link earliestCommitBlocks}. */
export function announcementKey(hotkey: string, announcement: string): string {
  return `${hotkey}\n${announcement}`;
}

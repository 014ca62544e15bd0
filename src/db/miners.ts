import type { Db } from "./db.ts";

/** A miner as the scheduler saw it when it opened a cycle. */
export interface MinerSnapshot {
  uid: number;
  hotkey: string;
  /** Raw commitment string, when any. */
  commitment: string | null;
  /** Resolved policy endpoint, when any. */
  endpoint: string | null;
  /** Block of the commitment (first-commit priority in scoring). */
  firstBlock: number | null;
}

/** Stores the miners of a cycle (replacing rows with the same uid). */
export async function insertMiners(
  db: Db,
  cycleId: number,
  miners: readonly MinerSnapshot[],
): Promise<number> {
  if (miners.length === 0) return 0;
  const rows = await db.query(
    `INSERT INTO miners (cycle_id, uid, hotkey, commitment, endpoint, first_block)
     SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::int8[])
     ON CONFLICT (cycle_id, uid) DO UPDATE SET hotkey = EXCLUDED.hotkey,
       commitment = EXCLUDED.commitment, endpoint = EXCLUDED.endpoint,
       first_block = EXCLUDED.first_block
     RETURNING uid`,
    [
      cycleId,
      miners.map((m) => m.uid),
      miners.map((m) => m.hotkey),
      miners.map((m) => m.commitment),
      miners.map((m) => m.endpoint),
      miners.map((m) => m.firstBlock),
    ],
  );
  return rows.length;
}

/** The miners of a cycle, by uid. */
export function listMiners(db: Db, cycleId: number): Promise<MinerSnapshot[]> {
  return db.query<MinerSnapshot>(
    `SELECT uid, hotkey, commitment, endpoint, first_block FROM miners
     WHERE cycle_id = $1 ORDER BY uid`,
    [cycleId],
  );
}

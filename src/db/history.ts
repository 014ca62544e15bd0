import type { Db } from "./db.ts";
import { type MinerScore, SCORE_COLUMNS } from "./scores.ts";

/** Options of {@link minerScoreHistory}. */
export interface MinerHistoryOptions {
  /** Most cycles, newest first. @default 50 */
  cycles?: number;
}

/** The score rows of one uid over its newest `cycles` scored cycles, newest cycle first. */
export function minerScoreHistory(
  db: Db,
  uid: number,
  options: MinerHistoryOptions = {},
): Promise<MinerScore[]> {
  return db.query<MinerScore>(
    `SELECT ${SCORE_COLUMNS} FROM miner_scores WHERE uid = $1 AND cycle_id IN (
       SELECT DISTINCT cycle_id FROM miner_scores WHERE uid = $1 ORDER BY cycle_id DESC LIMIT $2)
     ORDER BY cycle_id DESC, env_id`,
    [uid, options.cycles ?? 50],
  );
}

/** A uid as the scheduler saw it when it opened one cycle. */
export interface MinerSighting {
  cycleId: number;
  hotkey: string;
  commitment: string | null;
  firstBlock: number | null;
}

/** Every cycle snapshot of a uid, newest first (at most `cycles`). */
export function minerSightings(
  db: Db,
  uid: number,
  options: MinerHistoryOptions = {},
): Promise<MinerSighting[]> {
  return db.query<MinerSighting>(
    `SELECT cycle_id, hotkey, commitment, first_block FROM miners WHERE uid = $1
     ORDER BY cycle_id DESC LIMIT $2`,
    [uid, options.cycles ?? 50],
  );
}

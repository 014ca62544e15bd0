import type { ScoringParams } from "../core/mod.ts";
import { NotFoundError } from "../errors/mod.ts";
import type { Db } from "./db.ts";

/** Cycle status. */
export type CycleStatus = "open" | "complete" | "failed";

/** One evaluation cycle. `secret` is server-side; publish it only when `revealedAt` is set. */
export interface Cycle {
  id: number;
  status: CycleStatus;
  block: number;
  /** sha256(secret), lower-case hex: the public seed commitment. */
  secretHash: string;
  /** The cycle secret (hex). Never expose before `revealedAt`. */
  secret: string;
  revealedAt: Date | null;
  envIds: string[];
  episodesPerEnv: number;
  nMiners: number;
  deadline: Date;
  errorMessage: string | null;
  /** Scoring parameters the scheduler used; null for cycles opened before they were stored. */
  scoring: ScoringParams | null;
  createdAt: Date;
  completedAt: Date | null;
}

/** Fields of a new cycle. */
export interface CreateCycleOptions {
  block: number;
  /** Cycle secret, hex. */
  secret: string;
  /** sha256(secret), hex. */
  secretHash: string;
  envIds: string[];
  episodesPerEnv: number;
  deadline: Date;
  /** @default 0 */
  nMiners?: number;
  /** Scoring parameters to publish with the cycle. @default null (not recorded) */
  scoring?: ScoringParams | null;
}

const COLUMNS = `id, status, block, secret_hash, secret, revealed_at, env_ids, episodes_per_env,
  n_miners, deadline, error_message, scoring, created_at, completed_at`;

/** Opens a new cycle (status `open`). */
export async function createCycle(db: Db, options: CreateCycleOptions): Promise<Cycle> {
  const rows = await db.query<Cycle>(
    `INSERT INTO cycles (block, secret, secret_hash, env_ids, episodes_per_env, deadline, n_miners,
       scoring)
     VALUES ($1, $2, $3, $4::text[], $5, $6, $7, $8::text::jsonb) RETURNING ${COLUMNS}`,
    [
      options.block,
      options.secret,
      options.secretHash,
      options.envIds,
      options.episodesPerEnv,
      options.deadline,
      options.nMiners ?? 0,
      options.scoring ? JSON.stringify(options.scoring) : null,
    ],
  );
  return rows[0];
}

/** A cycle by id, or null. */
export async function getCycle(db: Db, id: number): Promise<Cycle | null> {
  const rows = await db.query<Cycle>(`SELECT ${COLUMNS} FROM cycles WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

/**
 * The cycle with this id.
 * @throws {NotFoundError} when there is none
 */
export async function requireCycle(db: Db, id: number): Promise<Cycle> {
  const cycle = await getCycle(db, id);
  if (!cycle) throw new NotFoundError(`Cannot find cycle "${id}"`);
  return cycle;
}

/** The newest open cycle, or null. */
export async function getOpenCycle(db: Db): Promise<Cycle | null> {
  const rows = await db.query<Cycle>(
    `SELECT ${COLUMNS} FROM cycles WHERE status = 'open' ORDER BY id DESC LIMIT 1`,
  );
  return rows[0] ?? null;
}

/** The newest completed cycle, or null. */
export async function getLatestCompletedCycle(db: Db): Promise<Cycle | null> {
  const rows = await db.query<Cycle>(
    `SELECT ${COLUMNS} FROM cycles WHERE status = 'complete' ORDER BY id DESC LIMIT 1`,
  );
  return rows[0] ?? null;
}

/** Options of {@link listCycles}. */
export interface ListCyclesOptions {
  /** @default 20 */
  limit?: number;
  /** Only this status. @default undefined (all) */
  status?: CycleStatus;
}

/** Cycles, newest first. */
export function listCycles(db: Db, options: ListCyclesOptions = {}): Promise<Cycle[]> {
  return db.query<Cycle>(
    `SELECT ${COLUMNS} FROM cycles WHERE ($1::text IS NULL OR status = $1)
     ORDER BY id DESC LIMIT $2`,
    [options.status ?? null, options.limit ?? 20],
  );
}

/** Number of cycles of any status. */
export async function countCycles(db: Db): Promise<number> {
  const rows = await db.query<{ n: number }>("SELECT count(*) AS n FROM cycles");
  return rows[0].n;
}

/** Sets the number of miners of a cycle (after the scheduler read the chain). */
export async function setCycleMiners(db: Db, id: number, nMiners: number): Promise<void> {
  await db.query("UPDATE cycles SET n_miners = $2 WHERE id = $1", [id, nMiners]);
}

/**
 * Marks an open cycle complete and reveals its secret.
 * @throws {NotFoundError} when no open cycle has this id
 */
export async function completeCycle(db: Db, id: number): Promise<Cycle> {
  const rows = await db.query<Cycle>(
    `UPDATE cycles SET status = 'complete', completed_at = now(), revealed_at = now()
     WHERE id = $1 AND status = 'open' RETURNING ${COLUMNS}`,
    [id],
  );
  if (!rows[0]) throw new NotFoundError(`Cannot complete cycle "${id}": no open cycle has this id`);
  return rows[0];
}

/**
 * Marks an open cycle failed with a reason, reveals its secret (it is never used again) and
 * ends its unfinished tasks as `failed` with `infra_error`.
 * @throws {NotFoundError} when no open cycle has this id
 */
export async function failCycle(db: Db, id: number, message: string): Promise<Cycle> {
  return await db.transaction(async (tx) => {
    const rows = await tx.query<Cycle>(
      `UPDATE cycles SET status = 'failed', completed_at = now(), revealed_at = now(),
         error_message = $2
       WHERE id = $1 AND status = 'open' RETURNING ${COLUMNS}`,
      [id, message],
    );
    if (!rows[0]) throw new NotFoundError(`Cannot fail cycle "${id}": no open cycle has this id`);
    await tx.query(
      `UPDATE tasks SET status = 'failed', result_code = 'infra_error', lease_owner = NULL,
         lease_id = NULL, lease_expires_at = NULL, updated_at = now()
       WHERE cycle_id = $1 AND status IN ('pending', 'leased')`,
      [id],
    );
    return rows[0];
  });
}

/** The cycles with these ids (unknown ids are left out), newest first. */
export function getCycles(db: Db, ids: readonly number[]): Promise<Cycle[]> {
  return db.query<Cycle>(
    `SELECT ${COLUMNS} FROM cycles WHERE id = ANY($1::int8[]) ORDER BY id DESC`,
    [ids],
  );
}

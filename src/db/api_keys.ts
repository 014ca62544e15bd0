import { encodeHex } from "./_hex.ts";
import { ConflictError, NotFoundError } from "../errors/mod.ts";
import type { Db } from "./db.ts";

/** An executor API key as stored (never the key itself). */
export interface ApiKey {
  id: number;
  name: string;
  /** First characters of the key, to recognise it in listings. */
  prefix: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

const KEY_PREFIX = "kin_";

/** sha256 of a key, lower-case hex: what the database stores. */
export async function hashApiKey(key: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
  return encodeHex(new Uint8Array(digest));
}

/**
 * Creates a key named `name` and returns it with the plain key, which is shown once and
 * stored only as its sha256.
 * @throws {ConflictError} when an active key already has this name
 */
export async function createApiKey(db: Db, name: string): Promise<{ key: string; record: ApiKey }> {
  const key = KEY_PREFIX + encodeHex(crypto.getRandomValues(new Uint8Array(24)));
  let rows: ApiKey[];
  try {
    rows = await db.query<ApiKey>(
      `INSERT INTO api_keys (name, key_hash, prefix) VALUES ($1, $2, $3)
       RETURNING id, name, prefix, created_at, revoked_at, last_used_at`,
      [name, await hashApiKey(key), key.slice(0, KEY_PREFIX.length + 6)],
    );
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err;
    throw new ConflictError(
      `Cannot create API key "${name}": an active key has this name (revoke it first or ` +
        "choose another name)",
      { cause: err },
    );
  }
  return { key, record: rows[0] };
}

/** Every key, active first, then by name. */
export function listApiKeys(db: Db): Promise<ApiKey[]> {
  return db.query<ApiKey>(
    `SELECT id, name, prefix, created_at, revoked_at, last_used_at FROM api_keys
     ORDER BY revoked_at IS NOT NULL, name, id`,
  );
}

/**
 * Revokes the active key named `name`.
 * @throws {NotFoundError} when no active key has this name
 */
export async function revokeApiKey(db: Db, name: string): Promise<ApiKey> {
  const rows = await db.query<ApiKey>(
    `UPDATE api_keys SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL
     RETURNING id, name, prefix, created_at, revoked_at, last_used_at`,
    [name],
  );
  if (!rows[0]) {
    throw new NotFoundError(`Cannot revoke API key "${name}": no active key has this name`);
  }
  return rows[0];
}

/** The active key whose hash matches `key`, or null. */
export async function verifyApiKey(db: Db, key: string): Promise<ApiKey | null> {
  const rows = await db.query<ApiKey>(
    `SELECT id, name, prefix, created_at, revoked_at, last_used_at FROM api_keys
     WHERE key_hash = $1 AND revoked_at IS NULL`,
    [await hashApiKey(key)],
  );
  return rows[0] ?? null;
}

/** Records that a key was used (best effort, for listings). */
export async function touchApiKey(db: Db, id: number): Promise<void> {
  await db.query("UPDATE api_keys SET last_used_at = now() WHERE id = $1", [id]);
}

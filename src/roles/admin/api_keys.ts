import { createApiKey, listApiKeys, revokeApiKey } from "../../db/mod.ts";
import { type DbTarget, withDb } from "./db.ts";

/** Creates an executor key and returns it (shown once; only its sha256 is stored). */
export function createKey(target: DbTarget, name: string): Promise<string> {
  return withDb(target, async (db) => (await createApiKey(db, name)).key);
}

/** Lists keys as printable lines (or JSON lines). */
export function listKeys(target: DbTarget, json = false): Promise<string[]> {
  return withDb(target, async (db) => {
    const keys = await listApiKeys(db);
    if (json) return [JSON.stringify(keys)];
    if (keys.length === 0) {
      return ['No API keys (create one with "kinitro api-key create --name N")'];
    }
    return keys.map((k) =>
      `${k.name.padEnd(20)} ${k.prefix}...  created ${k.createdAt.toISOString()}  ${
        k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : "active"
      }${k.lastUsedAt ? `  last used ${k.lastUsedAt.toISOString()}` : ""}`
    );
  });
}

/** Revokes the active key named `name`. */
export function revokeKey(target: DbTarget, name: string): Promise<void> {
  return withDb(target, async (db) => {
    await revokeApiKey(db, name);
  });
}

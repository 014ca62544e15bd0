import type { MiddlewareHandler } from "hono";
import { type ApiKey, touchApiKey, verifyApiKey } from "../../../db/mod.ts";
import { AuthError } from "../../../errors/mod.ts";
import type { AppEnv } from "../_env.ts";

const BEARER_REGEXP = /^Bearer\s+(\S+)$/i;

/**
 * Requires `Authorization: Bearer <key>` with an active executor key. Verified keys are
 * cached for `cacheSeconds`, so a revocation takes effect within that delay.
 */
export function requireApiKey(cacheSeconds = 10): MiddlewareHandler<AppEnv> {
  const cache = new Map<string, { key: ApiKey; until: number }>();
  return async function checkApiKey(c, next) {
    const header = c.req.header("authorization");
    if (!header) throw new AuthError("Cannot authorize request: missing Authorization header");
    const m = BEARER_REGEXP.exec(header);
    if (!m) throw new AuthError('Cannot authorize request: expected "Bearer <key>"');
    const token = m[1];
    const now = Date.now();
    let entry = cache.get(token);
    if (!entry || entry.until < now) {
      cache.delete(token);
      const { db } = c.get("deps");
      const key = await verifyApiKey(db, token);
      if (!key) throw new AuthError("Cannot authorize request: invalid or revoked API key");
      entry = { key, until: now + cacheSeconds * 1000 };
      if (cache.size > 1000) cache.clear();
      cache.set(token, entry);
      await touchApiKey(db, key.id);
    }
    c.set("apiKey", entry.key);
    await next();
  };
}

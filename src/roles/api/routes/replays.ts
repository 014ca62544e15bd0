import { Hono } from "hono";
import { z } from "zod";
import type { ReplayResponse, ReplaysResponse } from "../../../core/wire/mod.ts";
import { getReplay, listReplays } from "../../../db/mod.ts";
import { NotFoundError } from "../../../errors/mod.ts";
import type { AppEnv } from "../_env.ts";
import { intParam, parseQuery } from "../_errors.ts";
import { presentReplay, presentReplaySummary } from "../present.ts";

const Id = z.string().regex(/^\d{1,15}$/, "Must be a non-negative integer").transform(Number);

const ListQuery = z.strictObject({
  cycle_id: Id.optional(),
  uid: Id.optional(),
  env_id: z.string().min(1).max(128).optional(),
  limit: Id.pipe(z.number().int().min(1).max(500)).optional(),
});

/**
 * Public replays of sampled episodes. Only replays of cycles whose seeds are revealed are
 * served: during a cycle a replay would show other miners a scene (and a competitor's
 * actions) they are still being evaluated on.
 */
export function replayRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/", async (c) => {
    const q = parseQuery(c, ListQuery);
    const { db } = c.get("deps");
    const rows = await listReplays(db, {
      cycleId: q.cycle_id,
      minerUid: q.uid,
      envId: q.env_id,
      limit: q.limit ?? 100,
    });
    return c.json({ replays: rows.map(presentReplaySummary) } satisfies ReplaysResponse);
  });

  async function revealed(c: { get: (k: "deps") => AppEnv["Variables"]["deps"] }, raw: string) {
    const id = intParam("id", raw);
    const r = await getReplay(c.get("deps").db, id);
    if (!r || !r.revealedAt) throw new NotFoundError(`Cannot find replay "${id}"`);
    return r;
  }

  app.get("/:id", async (c) => {
    const r = await revealed(c, c.req.param("id"));
    return c.json(presentReplay(r) satisfies ReplayResponse);
  });

  app.get("/:id/media", async (c) => {
    const r = await revealed(c, c.req.param("id"));
    return c.body(r.media as Uint8Array<ArrayBuffer>, 200, {
      "Content-Type": r.mediaType,
      "Cache-Control": "public, max-age=86400",
      "X-Content-Type-Options": "nosniff",
    });
  });

  return app;
}

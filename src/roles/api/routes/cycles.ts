import { Hono } from "hono";
import type { CycleProgressResponse, LeaderboardResponse } from "../../../core/wire/mod.ts";
import { type Cycle, type Db, requireCycle } from "../../../db/mod.ts";
import { ConflictError, NotFoundError } from "../../../errors/mod.ts";
import type { AppEnv } from "../_env.ts";
import { intParam } from "../_errors.ts";
import { currentCycle, loadCycleBoard, loadProgress } from "../dashboard/mod.ts";

async function cycleParam(db: Db, value: string, current: boolean): Promise<Cycle> {
  if (current && value === "current") {
    const cycle = await currentCycle(db);
    if (!cycle) throw new NotFoundError("Cannot find a current cycle: none opened yet");
    return cycle;
  }
  return await requireCycle(db, intParam("cycle_id", value));
}

/** Public reads of one cycle: live progress and the leaderboard (what the dashboard shows). */
export function cycleRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/:cycle_id/progress", async (c) => {
    const { db } = c.get("deps");
    const cycle = await cycleParam(db, c.req.param("cycle_id"), true);
    return c.json((await loadProgress(db, cycle)) satisfies CycleProgressResponse);
  });

  app.get("/:cycle_id/leaderboard", async (c) => {
    const { db } = c.get("deps");
    const cycle = await cycleParam(db, c.req.param("cycle_id"), false);
    if (cycle.status === "open") {
      throw new ConflictError(
        `Cannot show the leaderboard of cycle "${cycle.id}": it is still running`,
      );
    }
    const board = await loadCycleBoard(db, cycle);
    return c.json(board.wire satisfies LeaderboardResponse);
  });

  return app;
}

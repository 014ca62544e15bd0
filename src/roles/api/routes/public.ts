import { Hono } from "hono";
import {
  countCycles,
  countScoredMiners,
  getCycle,
  getLatestCompletedCycle,
  getLatestWeights,
  getOpenCycle,
  getWeightsByBlock,
  listCycleEpisodes,
  listDuplicateGroups,
  listScores,
  poolDepth,
  requireCycle,
} from "../../../db/mod.ts";
import { ConflictError, NotFoundError } from "../../../errors/mod.ts";
import type {
  ApiHealthResponse,
  CycleEpisodesResponse,
  EnvironmentsResponse,
  MinersResponse,
  ScoresResponse,
  StatusResponse,
} from "../../../core/wire/mod.ts";
import type { AppEnv } from "../_env.ts";
import { intParam } from "../_errors.ts";
import { presentCycle, presentScore, presentWeights } from "../present.ts";

/** Public read routes: health, status, weights, scores, miners, environments. */
export function publicRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/health", async (c) => {
    const { db, version } = c.get("deps");
    let connected = true;
    try {
      await db.query("SELECT 1");
    } catch {
      connected = false;
    }
    const body: ApiHealthResponse = {
      status: connected ? "ok" : "degraded",
      version,
      database: connected ? "connected" : "disconnected",
    };
    return c.json(body, connected ? 200 : 503);
  });

  app.get("/v1/status", async (c) => {
    const { db, environments } = c.get("deps");
    const [open, done, total, miners, pool] = await Promise.all([
      getOpenCycle(db),
      getLatestCompletedCycle(db),
      countCycles(db),
      countScoredMiners(db),
      poolDepth(db),
    ]);
    return c.json(
      {
        current_cycle: open ? presentCycle(open) : null,
        last_completed_cycle: done ? presentCycle(done) : null,
        total_cycles: total,
        total_miners_evaluated: miners,
        environments: [...environments],
        is_evaluating: open !== null,
        pool,
      } satisfies StatusResponse,
    );
  });

  app.get("/v1/weights/latest", async (c) => {
    const { db } = c.get("deps");
    const w = await getLatestWeights(db);
    if (!w) throw new NotFoundError("Cannot find weights: none computed yet");
    return c.json(presentWeights(w, await getCycle(db, w.cycleId)));
  });

  app.get("/v1/weights/:block", async (c) => {
    const { db } = c.get("deps");
    const block = intParam("block", c.req.param("block"));
    const w = await getWeightsByBlock(db, block);
    if (!w) throw new NotFoundError(`Cannot find weights for block "${block}"`);
    return c.json(presentWeights(w, await getCycle(db, w.cycleId)));
  });

  app.get("/v1/scores/latest", async (c) => {
    const { db } = c.get("deps");
    const cycle = await getLatestCompletedCycle(db);
    if (!cycle) throw new NotFoundError("Cannot find scores: no completed cycle yet");
    return c.json(await scoresOf(db, cycle));
  });

  app.get("/v1/scores/:cycle_id", async (c) => {
    const { db } = c.get("deps");
    const cycle = await requireCycle(db, intParam("cycle_id", c.req.param("cycle_id")));
    return c.json(await scoresOf(db, cycle));
  });

  // Published only after the reveal: before it, seeds would let a miner replay the scenes.
  app.get("/v1/cycles/:cycle_id/episodes", async (c) => {
    const { db } = c.get("deps");
    const id = intParam("cycle_id", c.req.param("cycle_id"));
    const cycle = await requireCycle(db, id);
    if (cycle.revealedAt === null) {
      throw new ConflictError(
        `Cannot list the episodes of cycle "${id}": its seeds are not revealed yet`,
      );
    }
    const rows = await listCycleEpisodes(db, id);
    return c.json(
      {
        "cycle_id": id,
        status: cycle.status,
        "secret_hash": cycle.secretHash,
        secret: cycle.secret,
        episodes: rows.map((r) => ({
          "task_id": r.taskId,
          "miner_uid": r.minerUid,
          "miner_hotkey": r.minerHotkey,
          "miner_endpoint": r.minerEndpoint,
          "env_id": r.envId,
          "episode_index": r.episodeIndex,
          seed: r.seed,
          "max_steps": r.maxSteps,
          code: r.code as CycleEpisodesResponse["episodes"][number]["code"],
          success: r.success,
          steps: r.steps,
          renderer: r.renderer,
          runtime: r.runtime,
          "model_sha256": r.modelSha256,
          "action_digest": r.actionDigest,
        })),
      } satisfies CycleEpisodesResponse,
    );
  });

  app.get("/v1/miners", async (c) => {
    const { db } = c.get("deps");
    const cycle = await getLatestCompletedCycle(db);
    if (!cycle) return c.json([] as MinersResponse);
    const byUid = new Map<number, MinersResponse[number] & { rates: number[] }>();
    for (const s of await listScores(db, cycle.id)) {
      const m = byUid.getOrInsertComputed(s.uid, () => ({
        uid: s.uid,
        hotkey: s.hotkey,
        last_evaluated_block: cycle.block,
        avg_success_rate: 0,
        environments_evaluated: [],
        episodes: 0,
        successes: 0,
        rates: [],
      }));
      m.environments_evaluated.push(s.envId);
      m.episodes += s.episodes;
      m.successes += s.successes;
      m.rates.push(s.successRate);
    }
    const body: MinersResponse = [...byUid.values()].map(({ rates, ...m }) => ({
      ...m,
      avg_success_rate: rates.reduce((a, b) => a + b, 0) / rates.length,
    }));
    return c.json(body);
  });

  app.get("/v1/environments", async (c) => {
    const { db, environments } = c.get("deps");
    const cycle = await getLatestCompletedCycle(db);
    const scores = cycle ? await listScores(db, cycle.id) : [];
    const ids = [...new Set([...environments, ...(cycle?.envIds ?? [])])];
    const body: EnvironmentsResponse = ids.map((envId) => {
      const rows = scores.filter((s) => s.envId === envId);
      const slash = envId.indexOf("/");
      return {
        env_id: envId,
        env_name: slash < 0 ? envId : envId.slice(0, slash),
        task_name: slash < 0 ? "" : envId.slice(slash + 1),
        n_evaluations: rows.length,
        avg_success_rate: rows.length
          ? rows.reduce((a, s) => a + s.successRate, 0) / rows.length
          : null,
      };
    });
    return c.json(body);
  });

  return app;
}

async function scoresOf(
  db: AppEnv["Variables"]["deps"]["db"],
  cycle: NonNullable<Awaited<ReturnType<typeof getCycle>>>,
): Promise<ScoresResponse> {
  const scores = await listScores(db, cycle.id);
  const summary: Record<string, Record<string, number>> = {};
  for (const s of scores) (summary[String(s.uid)] ??= {})[s.envId] = s.successRate;
  const groups = await listDuplicateGroups(db, cycle.id);
  return {
    cycle: presentCycle(cycle),
    scores: scores.map(presentScore),
    miner_summary: summary,
    duplicate_groups: groups.map((g) => ({
      uids: g.uids,
      hotkeys: g.hotkeys,
      origin_uid: g.originUid,
      representative_uid: g.representativeUid,
      points: g.points,
      pairs: g.pairs,
    })),
  };
}

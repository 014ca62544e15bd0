import { type Context, Hono } from "hono";
import type { Child } from "hono/jsx";
import { z } from "zod";
import { deriveSceneSeeds, hexToBytes, verifyCycleSecret } from "../../../core/mod.ts";
import {
  type Cycle,
  type Db,
  getReplay,
  listCycles,
  listReplays,
  requireCycle,
} from "../../../db/mod.ts";
import { httpStatusOf, KinitroError, NotFoundError } from "../../../errors/mod.ts";
import type { AppEnv } from "../_env.ts";
import { parseQuery } from "../_errors.ts";
import { presentCycle } from "../present.ts";
import { ASSETS } from "./assets.ts";
import { cacheOf, memo } from "./data/cache.ts";
import { type CycleBoard, loadCycleBoard } from "./data/leaderboard.ts";
import { loadMiner } from "./data/miner.ts";
import { currentCycle, loadProgress } from "./data/progress.ts";
import { buildSubsets, type SubsetsView } from "./data/subsets.ts";
import { loadWeightsHistory } from "./data/weights.ts";
import { buildWhy } from "./data/why.ts";
import { CyclePage, WhyPage } from "./views/cycle.tsx";
import { ErrorBody, Page } from "./views/layout.tsx";
import { MinerPage } from "./views/miner.tsx";
import { CurrentSection, NowPage } from "./views/now.tsx";
import { ProgressSection } from "./views/progress.tsx";
import { ReplayPage } from "./views/replay.tsx";
import { type ValidatorWeightsState, WeightsPage } from "./views/weights.tsx";

const SECURITY_HEADERS: Record<string, string> = {
  "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; " +
    "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; " +
    "frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-cache",
};

const NoQuery = z.strictObject({});
const IdParam = /^\d{1,15}$/;

/** A path id, or a 404 page for anything that is not one (never a blank page). */
function idOf(what: string, value: string): number {
  if (!IdParam.test(value)) throw new NotFoundError(`Cannot find ${what} "${value}"`);
  return Number(value);
}

async function html(c: Context<AppEnv>, node: Child, status = 200): Promise<Response> {
  return c.html(`<!doctype html>${await node}`, status as 200, SECURITY_HEADERS);
}

/** The subsets view of a board, kept as long as the board. */
const subsetViews = new WeakMap<CycleBoard, SubsetsView>();
function subsetsOf(board: CycleBoard): SubsetsView {
  let v = subsetViews.get(board);
  if (!v) {
    v = buildSubsets(board);
    subsetViews.set(board, v);
  }
  return v;
}

function seedsOf(db: Db, cycle: Cycle): Promise<Map<string, readonly number[]> | null> {
  if (!cycle.revealedAt) return Promise.resolve(null);
  const cache = cacheOf<string, { at: number; value: Promise<Map<string, readonly number[]>> }>(
    db,
    "seeds",
    8,
  );
  return memo(cache, String(cycle.id), Infinity, async () =>
    new Map(
      await deriveSceneSeeds(hexToBytes(cycle.secret), {
        envIds: cycle.envIds,
        episodesPerEnv: cycle.episodesPerEnv,
      }),
    ));
}

const WhyQuery = z.strictObject({
  x: z.string().max(128).optional(),
  y: z.string().max(128).optional(),
});

const WeightsQuery = z.strictObject({
  n: z.string().regex(/^\d{1,3}$/, "Must be a whole number").transform(Number)
    .pipe(z.number().int().min(1).max(50)).optional(),
});

const FragmentQuery = z.strictObject({
  cycle: z.union([z.literal("current"), z.string().regex(IdParam, "Must be a cycle id")]),
});

/** The two environments to explain: the query's, else the cycle's first two. */
function pairOf(cycle: Cycle, q: z.output<typeof WhyQuery>): [string, string] | null {
  const envs = cycle.envIds;
  for (const [name, v] of [["x", q.x], ["y", q.y]] as const) {
    if (v !== undefined && !envs.includes(v)) {
      throw new KinitroError(
        "invalid_request",
        `Cannot explain "${name}=${v}": cycle "${cycle.id}" has no such environment`,
      );
    }
  }
  if (envs.length < 2) return null;
  const x = q.x ?? (q.y === envs[0] ? envs[1] : envs[0]);
  const y = q.y ?? envs.find((e) => e !== x)!;
  if (x === y) {
    throw new KinitroError("invalid_request", `Cannot explain "${x}" against itself: pick two`);
  }
  return [x, y];
}

/**
 * The dashboard: HTML pages rendered on the server from the same database and presenters as
 * the public JSON routes (nothing the public API does not publish), plus their embedded
 * assets. Unknown ids give a 404 page and bad query strings a 400 page.
 */
export function dashboardRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/assets/:name", (c) => {
    const asset = ASSETS[c.req.param("name")];
    if (!asset) throw new NotFoundError(`Cannot find asset "${c.req.param("name")}"`);
    const fresh = c.req.query("v") === asset.hash;
    return c.body(asset.body, 200, {
      "Content-Type": asset.contentType,
      "Cache-Control": fresh ? "public, max-age=31536000, immutable" : "no-cache",
      "X-Content-Type-Options": "nosniff",
    });
  });

  app.get("/", async (c) => {
    parseQuery(c, NoQuery);
    const { db, version } = c.get("deps");
    const [cycle, recent] = await Promise.all([currentCycle(db), listCycles(db, { limit: 15 })]);
    const p = cycle ? await loadProgress(db, cycle) : null;
    return html(c, <NowPage p={p} recent={recent} version={version} />);
  });

  app.get("/fragments/progress", async (c) => {
    const q = parseQuery(c, FragmentQuery);
    const { db } = c.get("deps");
    if (q.cycle === "current") {
      const cycle = await currentCycle(db);
      return html(c, <CurrentSection p={cycle ? await loadProgress(db, cycle) : null} />);
    }
    const cycle = await requireCycle(db, Number(q.cycle));
    return html(
      c,
      <ProgressSection
        p={await loadProgress(db, cycle)}
        live={`/fragments/progress?cycle=${cycle.id}`}
        final={cycle.status !== "open"}
      />,
    );
  });

  app.get("/cycles/:id", async (c) => {
    parseQuery(c, NoQuery);
    const { db, version } = c.get("deps");
    const cycle = await requireCycle(db, idOf("cycle", c.req.param("id")));
    const open = cycle.status === "open";
    const [progress, board, seeds, replays] = await Promise.all([
      open ? loadProgress(db, cycle) : null,
      open ? null : loadCycleBoard(db, cycle),
      seedsOf(db, cycle),
      cycle.revealedAt ? listReplays(db, { cycleId: cycle.id, limit: 200 }) : [],
    ]);
    const record = board?.record ?? null;
    return html(
      c,
      <CyclePage
        audit={{
          cycle: presentCycle(cycle),
          seeds,
          secretMatches: cycle.revealedAt
            ? await verifyCycleSecret(cycle.secret, cycle.secretHash)
            : null,
          signed: record
            ? { block: record.block, signer: record.signer, signature: record.signature }
            : null,
          apiUrl: new URL(c.req.url).origin,
        }}
        progress={progress}
        board={board}
        replays={replays}
        version={version}
      />,
    );
  });

  app.get("/cycles/:id/why", async (c) => {
    const q = parseQuery(c, WhyQuery);
    const { db, version } = c.get("deps");
    const cycle = await requireCycle(db, idOf("cycle", c.req.param("id")));
    const pair = pairOf(cycle, q);
    if (cycle.status === "open") {
      throw new NotFoundError(
        `Cannot explain cycle "${cycle.id}" yet: it is running (scores are published at its end)`,
      );
    }
    const board = await loadCycleBoard(db, cycle);
    const explained = board.explanation ? board : null;
    return html(
      c,
      <WhyPage
        board={board}
        why={explained && pair ? buildWhy(explained, pair[0], pair[1]) : null}
        subsets={explained ? subsetsOf(explained) : null}
        version={version}
      />,
    );
  });

  app.get("/miners/:uid", async (c) => {
    parseQuery(c, NoQuery);
    const { db, version } = c.get("deps");
    const uid = idOf("miner", c.req.param("uid"));
    const m = await loadMiner(db, uid);
    if (!m) throw new NotFoundError(`Cannot find miner uid "${uid}": it was never evaluated`);
    return html(c, <MinerPage m={m} version={version} />);
  });

  app.get("/weights", async (c) => {
    const q = parseQuery(c, WeightsQuery);
    const { db, version, validatorWeights } = c.get("deps");
    const h = await loadWeightsHistory(db, q.n ?? 20);
    let validators: ValidatorWeightsState = { kind: "unavailable" };
    if (validatorWeights) {
      try {
        validators = { kind: "ok", rows: await validatorWeights() };
      } catch (err) {
        validators = { kind: "error", message: err instanceof Error ? err.message : String(err) };
      }
    }
    return html(
      c,
      <WeightsPage h={h} validators={validators} version={version} now={new Date()} />,
    );
  });

  app.get("/replays/:id", async (c) => {
    parseQuery(c, NoQuery);
    const { db, version } = c.get("deps");
    const id = idOf("replay", c.req.param("id"));
    const r = await getReplay(db, id);
    if (!r || !r.revealedAt) throw new NotFoundError(`Cannot find replay "${id}"`);
    return html(c, <ReplayPage r={r} seed={r.seed} version={version} />);
  });

  app.onError((err, c) => {
    const status = httpStatusOf(err);
    const known = err instanceof KinitroError && status !== 500;
    if (!known) {
      c.get("deps")?.log.error("Dashboard page failed", {
        path: c.req.path,
        err,
        stack: err instanceof Error ? err.stack : undefined,
      });
    }
    return html(
      c,
      <ErrorPage
        status={status}
        message={known ? err.message : "Internal server error"}
        version={c.get("deps")?.version ?? ""}
      />,
      status,
    );
  });
  return app;
}

/** The HTML page of an error. */
export function ErrorPage(
  { status, message, version }: { status: number; message: string; version: string },
) {
  return (
    <Page title={String(status)} section="error" version={version}>
      <ErrorBody status={status} message={message} />
    </Page>
  );
}

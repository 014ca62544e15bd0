import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { poolDepth } from "../../db/mod.ts";
import { NotFoundError, PayloadTooLargeError } from "../../errors/mod.ts";
import type { ApiDeps, AppEnv } from "./_env.ts";
import { renderError } from "./_errors.ts";
import { Metrics } from "./metrics.ts";
import { observe } from "./middleware/observe.ts";
import { docsPage, openApiDocument } from "./openapi.ts";
import { dashboardRoutes, ErrorPage } from "./dashboard/mod.ts";
import { cycleRoutes } from "./routes/cycles.ts";
import { publicRoutes } from "./routes/public.ts";
import { replayRoutes } from "./routes/replays.ts";
import { taskRoutes } from "./routes/tasks.ts";

/**
 * Builds the API app: public reads, executor task routes behind API keys, OpenAPI at
 * `/openapi.json`, docs at `/docs`, Prometheus metrics at `/metrics`, and the dashboard's
 * pages (`/`, `/cycles/{id}`, `/miners/{uid}`, `/weights`, `/replays/{id}`). Every error of
 * a JSON route is the envelope `{"error":{"code","message","details?","request_id"}}`; a
 * dashboard page's error is an HTML page with the same status.
 *
 * @example Serve a health check from an in-memory app
 * ```ts ignore
 * const app = createApp({ db, log, settings, environments: [], version: "0.1.0" });
 * const res = await app.request("/health");
 * ```
 */
export function createApp(deps: ApiDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const metrics = new Metrics();
  app.use(async function injectDeps(c, next) {
    c.set("deps", deps);
    c.set("metrics", metrics);
    await next();
  });
  app.use(observe());
  app.use(
    bodyLimit({
      maxSize: deps.settings.bodyLimit,
      onError() {
        throw new PayloadTooLargeError(
          `Cannot accept request body: larger than "${deps.settings.bodyLimit}" bytes`,
        );
      },
    }),
  );

  app.route("/", publicRoutes());
  app.route("/v1/cycles", cycleRoutes());
  app.route("/v1/replays", replayRoutes());
  app.route("/v1/tasks", taskRoutes(deps.authCacheSeconds, deps.pendingCountTtlMs));
  app.route("/", dashboardRoutes());

  app.get("/openapi.json", (c) => c.json(openApiDocument(deps.version)));
  app.get("/docs", (c) => c.html(docsPage(deps.version)));
  app.get("/metrics", async (c) => {
    let depth: Record<string, number> = {};
    try {
      depth = await poolDepth(deps.db);
    } catch {
      // the scrape still reports request metrics when the database is down
    }
    const text = metrics.render([{
      name: "kinitro_task_pool_depth",
      help: "Tasks of open cycles by status",
      values: Object.fromEntries(Object.entries(depth).map(([k, v]) => [`status="${k}"`, v])),
    }]);
    return c.text(text, 200, { "Content-Type": "text/plain; version=0.0.4; charset=utf-8" });
  });

  app.notFound((c) => {
    const err = new NotFoundError(`Cannot find route "${c.req.method} ${c.req.path}"`);
    // a person following a broken dashboard link gets a page, programs get the envelope
    if (!c.req.path.startsWith("/v1/") && c.req.header("Accept")?.includes("text/html")) {
      return c.html(
        `<!doctype html>${ErrorPage({ status: 404, message: err.message, version: deps.version })}`,
        404,
      );
    }
    return renderError(c, err);
  });
  app.onError((err, c) => renderError(c, err));
  return app;
}

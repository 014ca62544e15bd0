import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../_env.ts";

const REQUEST_ID_REGEXP = /^[A-Za-z0-9._-]{1,64}$/;
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/**
 * The metric labels of a request, from a bounded set: a standard method or `other`, a route
 * template of the app (`/v1/weights/:block`) or `unmatched`.
 */
export function metricLabels(
  method: string,
  routePath: string,
  routes: ReadonlySet<string>,
): { method: string; route: string } {
  return {
    method: METHODS.has(method) ? method : "other",
    route: routes.has(routePath) ? routePath : "unmatched",
  };
}

/**
 * Gives each request an id (a sane incoming `X-Request-Id`, else a fresh UUID), echoes it
 * in the response, and records count and latency per route template (`routes`: the app's
 * templates, filled once the routes are registered; anything else is `unmatched`).
 */
export function observe(routes: ReadonlySet<string>): MiddlewareHandler<AppEnv> {
  return async function observeRequest(c, next) {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && REQUEST_ID_REGEXP.test(incoming) ? incoming : crypto.randomUUID();
    c.set("requestId", requestId);
    const start = performance.now();
    await next();
    c.header("X-Request-Id", requestId);
    const seconds = (performance.now() - start) / 1000;
    const { method, route } = metricLabels(c.req.method, c.req.routePath, routes);
    c.get("metrics").observe(method, route, c.res.status, seconds);
    const deps = c.get("deps");
    if (deps.log.enabled("debug")) {
      deps.log.debug("Request served", {
        requestId,
        method,
        route,
        status: c.res.status,
        durationMs: Math.round(seconds * 1000 * 10) / 10,
      });
    }
  };
}

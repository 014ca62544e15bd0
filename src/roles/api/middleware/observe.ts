import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../_env.ts";

const REQUEST_ID_REGEXP = /^[A-Za-z0-9._-]{1,64}$/;
const KNOWN_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/**
 * Metric labels of a request, from a bounded set whatever the client sends: the route template
 * (or `unmatched`) and the method (or `OTHER`).
 */
export function metricLabels(
  method: string,
  routePath: string,
): { method: string; route: string } {
  return {
    method: KNOWN_METHODS.has(method) ? method : "OTHER",
    route: routePath === "/*" || routePath === "*" ? "unmatched" : routePath,
  };
}

/**
 * Gives each request an id (a sane incoming `X-Request-Id`, else a fresh UUID), echoes it
 * in the response, and records count and latency per matched route.
 */
export function observe(): MiddlewareHandler<AppEnv> {
  return async function observeRequest(c, next) {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && REQUEST_ID_REGEXP.test(incoming) ? incoming : crypto.randomUUID();
    c.set("requestId", requestId);
    const start = performance.now();
    await next();
    c.header("X-Request-Id", requestId);
    const seconds = (performance.now() - start) / 1000;
    const { method, route } = metricLabels(c.req.method, c.req.routePath);
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

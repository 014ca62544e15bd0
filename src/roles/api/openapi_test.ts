import assert from "node:assert/strict";
import type { Db } from "../../db/mod.ts";
import { testApp } from "./_test_app.ts";
import { openApiDocument, type Operation, OPERATIONS } from "./openapi.ts";

/** `GET /v1/x/{id}` for a hono route `GET /v1/x/:id`. */
function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.replace(/:([A-Za-z_]+)/g, "{$1}")}`;
}

/** The JSON routes of the app (`/health`, `/v1/*`): what the OpenAPI document must describe. */
function appRoutes(): Set<string> {
  // the app is only built, never asked: its routes do not touch the database
  const app = testApp({} as Db);
  return new Set(
    app.routes
      .filter((r) => r.method !== "ALL" && (r.path === "/health" || r.path.startsWith("/v1/")))
      .map((r) => routeKey(r.method, r.path)),
  );
}

/** Routes of `routes` without an operation, and operations without a route. */
function mismatches(routes: Set<string>, operations: readonly Operation[]) {
  const documented = new Set(operations.map((op) => routeKey(op.method, op.path)));
  return {
    undocumented: [...routes].filter((r) => !documented.has(r)).sort(),
    stale: [...documented].filter((d) => !routes.has(d)).sort(),
  };
}

Deno.test("every JSON route of the app is in the OpenAPI document, and nothing else", () => {
  const routes = appRoutes();
  assert.ok(routes.size >= 15, `found only ${routes.size} routes`);
  assert.deepEqual(mismatches(routes, OPERATIONS), { undocumented: [], stale: [] });
  const doc = openApiDocument("t") as { paths: Record<string, Record<string, unknown>> };
  const inDoc = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((m) => routeKey(m, path))
  );
  assert.deepEqual(inDoc.sort(), [...routes].sort());
});

Deno.test("the route check names a route missing from the operations and a stale operation", () => {
  const routes = appRoutes();
  const withoutReplays = OPERATIONS.filter((op) => op.path !== "/v1/replays/{id}");
  assert.deepEqual(mismatches(routes, withoutReplays).undocumented, ["GET /v1/replays/{id}"]);
  const extra: Operation = { ...OPERATIONS[0], path: "/v1/gone" };
  assert.deepEqual(mismatches(routes, [...OPERATIONS, extra]).stale, ["GET /v1/gone"]);
});

Deno.test("a path parameter is documented for every {name} in an operation's path", () => {
  for (const op of OPERATIONS) {
    const names = [...op.path.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1]);
    const params = (op.params ?? []).filter((p) => p.in === "path").map((p) => p.name);
    assert.deepEqual(params, names, op.path);
  }
});

Deno.test("docs/api.md names every route of the app", async () => {
  const doc = await Deno.readTextFile(new URL("../../../docs/api.md", import.meta.url));
  const missing = [...appRoutes()].filter((r) => !doc.includes(`\`${r}\``));
  assert.deepEqual(missing, [], "add these routes to the table in docs/api.md");
});

import assert from "node:assert/strict";
import { UpstreamError } from "../errors/mod.ts";
import { fetchLatestWeights } from "./weights.ts";

function fakeFetch(status: number, body: string, seen: string[] = []): typeof fetch {
  return (input) => {
    seen.push(String(input));
    return Promise.resolve(new Response(body, { status }));
  };
}

Deno.test("fetchLatestWeights() returns the body, or null on 404", async () => {
  const seen: string[] = [];
  const doc = await fetchLatestWeights("http://api.test/base", {
    fetch: fakeFetch(200, '{"block":1}', seen),
  });
  assert.deepEqual(doc, { block: 1 });
  assert.deepEqual(seen, ["http://api.test/base/v1/weights/latest"]);
  assert.equal(await fetchLatestWeights("http://api.test", { fetch: fakeFetch(404, "{}") }), null);
});

Deno.test("fetchLatestWeights() turns failures into UpstreamError", async () => {
  await assert.rejects(
    fetchLatestWeights("http://api.test", { fetch: fakeFetch(503, "busy") }),
    (e: unknown) => e instanceof UpstreamError && /API returned 503/.test(e.message),
  );
  await assert.rejects(
    fetchLatestWeights("http://api.test", { fetch: fakeFetch(200, "<html>") }),
    /body is not JSON/,
  );
  await assert.rejects(
    fetchLatestWeights("http://api.test", {
      fetch: () => Promise.reject(new TypeError("connection refused")),
    }),
    /connection refused/,
  );
});

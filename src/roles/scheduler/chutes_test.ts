import assert from "node:assert/strict";
import { createChutesResolver } from "./chutes.ts";

const CHUTE = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

function fakeFetch(
  handler: (url: string, init: RequestInit) => Response,
): { fetch: typeof fetch; calls: { url: string; auth: string | null }[] } {
  const calls: { url: string; auth: string | null }[] = [];
  const f = (input: string | URL | Request, init: RequestInit = {}) => {
    const url = String(input);
    calls.push({ url, auth: new Headers(init.headers).get("Authorization") });
    return Promise.resolve(handler(url, init));
  };
  return { fetch: f as typeof fetch, calls };
}

Deno.test("createChutesResolver() looks up the slug and builds the chutes.ai URL", async () => {
  const { fetch, calls } = fakeFetch(() =>
    Response.json({ chute_id: CHUTE, slug: "alice-policy" })
  );
  const resolve = createChutesResolver({ apiKey: "cpk_test", apiUrl: "https://api.test/", fetch });
  assert.equal(await resolve({ chuteId: CHUTE }), "https://alice-policy.chutes.ai");
  assert.deepEqual(calls, [{ url: `https://api.test/chutes/${CHUTE}`, auth: "cpk_test" }]);
});

Deno.test("createChutesResolver() keeps direct endpoints and returns null without a chute", async () => {
  const { fetch, calls } = fakeFetch(() => new Response(null, { status: 500 }));
  const resolve = createChutesResolver({ apiKey: "k", fetch });
  assert.equal(await resolve({ endpoint: "http://127.0.0.1:8001/" }), "http://127.0.0.1:8001");
  assert.equal(await resolve({}), null);
  assert.equal(calls.length, 0);
});

Deno.test("createChutesResolver() rejects errors and invalid slugs with a reason", async () => {
  const notFound = createChutesResolver({
    apiKey: "k",
    fetch: fakeFetch(() => new Response("no", { status: 404 })).fetch,
  });
  await assert.rejects(() => notFound({ chuteId: CHUTE }), /answered 404/);
  const badSlug = createChutesResolver({
    apiKey: "k",
    fetch: fakeFetch(() => Response.json({ slug: "evil.example.com/x" })).fetch,
  });
  await assert.rejects(() => badSlug({ chuteId: CHUTE }), /no valid slug/);
});

import assert from "node:assert/strict";
import { encodeImage, type TaskConfig } from "../core/wire/mod.ts";
import { MinerError, UpstreamError } from "../errors/mod.ts";
import { connectMiner, isChuteId, resolveChute, warmUpChute } from "./mod.ts";

const KEY = "cpk_0123.4567.89ab";
const CHUTE = "5f2b6c1e-8d3a-5b7c-9e0f-1a2b3c4d5e6f";
const BAD_SLUG = "00000000-0000-5000-8000-000000000001";
const TASK: TaskConfig = {
  "env_id": "metaworld/reach-v4",
  "episode_id": "ep-1",
  "max_steps": 5,
  cameras: ["corner", "gripper"],
  "image_shape": [84, 84, 3],
};

/**
 * A fake Chutes: the API (`/chutes/{id}`, `/chutes/warmup/{id}`) and the invocation gateway
 * (`/invoke/{slug}/...`, answering 503 until a warm-up made the chute hot).
 */
function fakeChutes() {
  const miner = (path: string) =>
    path === "/reset"
      ? Response.json({ status: "ok", "episode_id": "ep-1" })
      : Response.json({ action: [0, 0, 0, 0] });
  const state = { hot: false, warmups: 0, gatewayAuth: [] as (string | null)[], cold503: 0 };
  const closing = new AbortController();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const path = new URL(req.url).pathname;
    const auth = req.headers.get("authorization");
    const invoke = path.match(/^\/invoke\/([a-z0-9-]+)(\/.*)$/);
    if (invoke) {
      state.gatewayAuth.push(auth);
      if (auth !== KEY) return new Response("Authentication required.", { status: 401 });
      if (!state.hot) {
        state.cold503++;
        return new Response("No instances available (yet)", { status: 503 });
      }
      return miner(invoke[2]);
    }
    if (auth !== KEY) return new Response("unauthorized", { status: 401 });
    if (path === `/chutes/warmup/${CHUTE}`) {
      state.warmups++;
      const body = new ReadableStream<Uint8Array>({
        async start(c) {
          const enc = new TextEncoder();
          c.enqueue(enc.encode('data: {"status": "cold", "log": "pulling image"}\n\n'));
          await new Promise((r) => setTimeout(r, 60));
          state.hot = true;
          c.enqueue(enc.encode('data: {"status": "hot", "log": "ready"}\n\n'));
          closing.signal.addEventListener("abort", () => {
            try {
              c.close();
            } catch { /* the client cancelled the stream */ }
          });
        },
      });
      return new Response(body, { headers: { "content-type": "text/event-stream" } });
    }
    if (path === `/chutes/${CHUTE}`) {
      return Response.json({ chute_id: CHUTE, slug: "alice-policy", public: true, cords: [] });
    }
    if (path === `/chutes/${BAD_SLUG}`) {
      return Response.json({ chute_id: BAD_SLUG, slug: "evil.example/x" });
    }
    return Response.json({ detail: "No matching chute found!" }, { status: 404 });
  });
  const url = `http://127.0.0.1:${server.addr.port}`;
  return {
    state,
    options: { apiKey: KEY, apiUrl: url, invokeUrl: `${url}/invoke/{slug}` },
    async [Symbol.asyncDispose]() {
      closing.abort();
      await server.shutdown();
    },
  };
}

Deno.test("isChuteId() tells chute UUIDs from URLs", () => {
  assert.equal(isChuteId(CHUTE), true);
  assert.equal(isChuteId(CHUTE.toUpperCase()), true);
  assert.equal(isChuteId("https://alice-policy.chutes.ai"), false);
  assert.equal(isChuteId("alice-policy"), false);
});

Deno.test("resolveChute() reads the slug and builds the invocation URL", async () => {
  await using fake = fakeChutes();
  const info = await resolveChute(CHUTE, fake.options);
  assert.deepEqual(info, {
    chuteId: CHUTE,
    slug: "alice-policy",
    baseUrl: `${fake.options.apiUrl}/invoke/alice-policy`,
    public: true,
  });
  const real = await resolveChute(CHUTE, { ...fake.options, invokeUrl: undefined });
  assert.equal(real.baseUrl, "https://alice-policy.chutes.ai");
});

Deno.test("resolveChute() blames the miner for missing chutes and bad slugs, Chutes for the rest", async () => {
  await using fake = fakeChutes();
  const miner = (code: string, re: RegExp) => (e: unknown) =>
    e instanceof MinerError && e.code === code && re.test(e.message);
  await assert.rejects(
    resolveChute("11111111-2222-5333-8444-555555555555", fake.options),
    miner("miner_unavailable", /no such chute/),
  );
  await assert.rejects(
    resolveChute(BAD_SLUG, fake.options),
    miner("miner_unavailable", /not a DNS label/),
  );
  await assert.rejects(
    resolveChute("not-a-uuid", fake.options),
    miner("miner_unavailable", /UUID/),
  );
  await assert.rejects(
    resolveChute(CHUTE, { ...fake.options, apiKey: "wrong" }),
    (e) => e instanceof UpstreamError && /returned 401/.test(e.message),
  );
  await assert.rejects(
    resolveChute(CHUTE, { ...fake.options, apiUrl: "http://127.0.0.1:9" }),
    (e) => e instanceof UpstreamError && /cannot connect/.test(e.message),
  );
});

Deno.test("connectMiner() resolves a chute, warms it up on 503 and calls it with the key", async () => {
  await using fake = fakeChutes();
  const client = await connectMiner(CHUTE, {
    chutes: fake.options,
    allowPrivateEndpoints: true,
    retryDelayMs: 25,
    maxRetryDelayMs: 50,
  });
  const reset = await client.reset(TASK);
  assert.ok(reset.attempts >= 2, `attempts ${reset.attempts}`);
  assert.equal(fake.state.warmups, 1);
  assert.ok(fake.state.cold503 >= 1);
  const img = encodeImage(new Uint8Array(84 * 84 * 3), 84, 84);
  const act = await client.act({
    "episode_id": "ep-1",
    step: 0,
    observation: [0, 0, 0, 1],
    images: { corner: img, gripper: img },
  });
  assert.deepEqual(act.action, [0, 0, 0, 0]);
  assert.ok(fake.state.gatewayAuth.every((a) => a === KEY));
});

Deno.test("connectMiner() uses URLs as they are and needs a key for chute ids", async () => {
  const direct = await connectMiner("http://127.0.0.1:8001", { allowPrivateEndpoints: true });
  assert.equal(direct.baseUrl.href, "http://127.0.0.1:8001/");
  await assert.rejects(
    connectMiner(CHUTE),
    (e) => e instanceof MinerError && /needs a Chutes API key/.test(e.message),
  );
});

Deno.test("warmUpChute() reports hot, and false when Chutes refuses", async () => {
  await using fake = fakeChutes();
  assert.equal(await warmUpChute(CHUTE, fake.options), true);
  assert.equal(await warmUpChute(CHUTE, { ...fake.options, apiKey: "wrong" }), false);
});

import assert from "node:assert/strict";
import { type ActRequest, encodeImage, type TaskConfig } from "../core/wire/mod.ts";
import { MinerError, PrivateEndpointError } from "../errors/mod.ts";
import { MinerClient, type MinerClientOptions } from "./mod.ts";

const TASK: TaskConfig = {
  "env_id": "metaworld/reach-v4",
  "episode_id": "ep-1",
  "max_steps": 10,
  cameras: ["corner", "gripper"],
  "image_shape": [84, 84, 3],
};
const IMG = encodeImage(new Uint8Array(84 * 84 * 3), 84, 84);
const ACT: ActRequest = {
  "episode_id": "ep-1",
  step: 0,
  observation: [0, 0.6, 0.2, 1],
  images: { corner: IMG, gripper: IMG },
};

interface TestServer {
  url: string;
  hits: Record<string, number>;
  /** Client ports seen, one per request: equal ports mean a reused connection. */
  clientPorts: number[];
  [Symbol.asyncDispose](): Promise<void>;
}

/** An ad-hoc policy server on 127.0.0.1 whose handler decides every answer. */
function serve(handler: (req: Request, hit: number) => Response | Promise<Response>): TestServer {
  const hits: Record<string, number> = {};
  const closing = new AbortController();
  const clientPorts: number[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req, info) => {
    clientPorts.push((info.remoteAddr as Deno.NetAddr).port);
    const path = new URL(req.url).pathname;
    hits[path] = (hits[path] ?? 0) + 1;
    return handler(
      new Request(req, { signal: AbortSignal.any([req.signal, closing.signal]) }),
      hits[path],
    );
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    hits,
    clientPorts,
    async [Symbol.asyncDispose]() {
      closing.abort();
      await server.shutdown();
    },
  };
}

function client(url: string, options: MinerClientOptions = {}): MinerClient {
  return new MinerClient(url, { allowPrivateEndpoints: true, retryDelayMs: 20, ...options });
}

function untilAborted(req: Request): Promise<Response> {
  return new Promise((resolve) => {
    req.signal.addEventListener("abort", () => resolve(new Response("late")));
  });
}

async function rejectsWith(p: Promise<unknown>, code: string, message?: RegExp) {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof MinerError, `expected a MinerError, got ${err}`);
    assert.equal(err.code, code, err.message);
    if (message) assert.match(err.message, message);
    return true;
  });
}

const json = (v: unknown, status = 200) => Response.json(v, { status });

Deno.test("MinerClient.act() returns the clipped action of a good answer", async () => {
  await using s = serve(async (req) => {
    const body = await req.json();
    assert.equal(body.step, 0);
    assert.equal(body.images.corner.shape[0], 84);
    return json({ action: [0.5, -2, 0, 1], extra: "ignored" });
  });
  const r = await client(s.url).act(ACT);
  assert.deepEqual(r.action, [0.5, -1, 0, 1]);
  assert.equal(r.clipped, true);
  assert.ok(r.latencyMs >= 0);
});

Deno.test("MinerClient.act() reuses one keep-alive connection across calls", async () => {
  // a server that answers before reading a large request body cannot keep the connection
  await using s = serve(async (req) => {
    const body = await req.json();
    return json(
      body.task_config ? { status: "ok", "episode_id": "ep-1" } : { action: [0, 0, 0, 0] },
    );
  });
  const c = client(s.url);
  await c.reset(TASK);
  for (let step = 0; step < 10; step++) await c.act({ ...ACT, step });
  assert.equal(s.clientPorts.length, 11);
  assert.equal(new Set(s.clientPorts).size, 1, `client ports ${s.clientPorts}`);
});

Deno.test("MinerClient.act() fails with miner_timeout right at the deadline", async () => {
  await using s = serve(async () => {
    await new Promise((r) => setTimeout(r, 600));
    return json({ action: [0, 0, 0, 0] });
  });
  const t0 = performance.now();
  await rejectsWith(client(s.url, { actTimeoutMs: 150 }).act(ACT), "miner_timeout", /150 ms/);
  const elapsed = performance.now() - t0;
  assert.ok(elapsed >= 140 && elapsed < 1000, `elapsed ${elapsed} ms`);
});

Deno.test("MinerClient.act() times out a body that trickles past the deadline", async () => {
  await using s = serve(() => {
    const body = new ReadableStream<Uint8Array>({
      async start(c) {
        c.enqueue(new TextEncoder().encode('{"action":'));
        await new Promise((r) => setTimeout(r, 400));
        c.enqueue(new TextEncoder().encode("[0,0,0,0]}"));
        c.close();
      },
    });
    return new Response(body, { headers: { "content-type": "application/json" } });
  });
  await rejectsWith(client(s.url, { actTimeoutMs: 150 }).act(ACT), "miner_timeout");
});

Deno.test("MinerClient.act() maps bad answers to miner_error or miner_bad_action", async (t) => {
  const cases: [string, () => Response, string, RegExp][] = [
    ["HTTP 500", () => json({ detail: "boom" }, 500), "miner_error", /HTTP 500/],
    ["HTTP 404", () => new Response("no", { status: 404 }), "miner_error", /HTTP 404/],
    ["HTTP 503", () => new Response("cold", { status: 503 }), "miner_unavailable", /HTTP 503/],
    ["invalid JSON", () => new Response("{action: [0,0,0,0]"), "miner_error", /not JSON/],
    ["empty body", () => new Response(""), "miner_error", /not JSON/],
    ["Python NaN", () => new Response('{"action": [NaN, 0, 0, 0]}'), "miner_bad_action", /\[0\]/],
    ["Infinity", () => new Response('{"action":[0,-Infinity,0,0]}'), "miner_bad_action", /\[1\]/],
    ["3 values", () => json({ action: [0, 0, 0] }), "miner_bad_action", /3 values/],
    ["5 values", () => json({ action: [0, 0, 0, 0, 0] }), "miner_bad_action", /5 values/],
    ["strings", () => json({ action: ["0", 0, 0, 0] }), "miner_bad_action", /string/],
    ["no action", () => json({ actions: [0, 0, 0, 0] }), "miner_bad_action", /undefined/],
    ["bare array", () => json([0, 0, 0, 0]), "miner_bad_action", /not an array/],
    ["302 redirect", () => Response.redirect("http://127.0.0.1/x", 302), "miner_error", /302/],
  ];
  await using s = serve((_req, hit) => cases[hit - 1][1]());
  const c = client(s.url);
  for (const [name, , code, message] of cases) {
    await t.step(name, () => rejectsWith(c.act(ACT), code, message));
  }
});

Deno.test("MinerClient.act() rejects a 10 MB answer early without reading it all", async () => {
  let sent = 0;
  let cancelled = false;
  await using s = serve(() => {
    const chunk = new Uint8Array(64 * 1024).fill(32);
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent >= 10 * 1024 * 1024) return c.close();
        sent += chunk.length;
        c.enqueue(chunk);
      },
      cancel() {
        cancelled = true;
      },
    });
    return new Response(body);
  });
  const t0 = performance.now();
  await rejectsWith(client(s.url, { actTimeoutMs: 5000 }).act(ACT), "miner_error", /exceeds 65536/);
  assert.ok(performance.now() - t0 < 3000);
  await new Promise((r) => setTimeout(r, 50));
  assert.ok(sent < 10 * 1024 * 1024, `server sent ${sent} bytes`);
  assert.ok(cancelled || sent < 2 * 1024 * 1024);
});

Deno.test("MinerClient.act() refuses a declared Content-Length over the cap", async () => {
  await using s = serve(() => new Response(new Uint8Array(100_000)));
  await rejectsWith(client(s.url).act(ACT), "miner_error", /exceeds/);
});

Deno.test("MinerClient.act() reports a refused connection as miner_unavailable", async () => {
  let url: string;
  {
    await using s = serve(() => json({}));
    url = s.url;
  }
  await rejectsWith(client(url).act(ACT), "miner_unavailable", /cannot connect/);
});

Deno.test("MinerClient.tryAct() returns misses as outcomes for the miss policy", async () => {
  await using s = serve((_r, hit) => hit === 1 ? json({ action: [0, 0, 0, 1] }) : json({}, 500));
  const c = client(s.url);
  const ok = await c.tryAct(ACT);
  assert.equal(ok.ok, true);
  const miss = await c.tryAct(ACT);
  assert.equal(miss.ok, false);
  if (!miss.ok) assert.equal(miss.code, "miner_error");
  assert.match(miss.message ?? "", /HTTP 500/);
});

Deno.test("MinerClient rethrows a caller abort instead of blaming the miner", async () => {
  await using s = serve(untilAborted);
  const ac = new AbortController();
  const reason = new Error("shutdown");
  setTimeout(() => ac.abort(reason), 50);
  await assert.rejects(client(s.url).act(ACT, { signal: ac.signal }), (e) => e === reason);
});

Deno.test("MinerClient.reset() sends the task config and checks the answer", async () => {
  await using s = serve(async (req) => {
    assert.equal(req.headers.get("authorization"), "cpk_test");
    const body = await req.json();
    assert.deepEqual(body, { task_config: TASK });
    return json({ status: "ok", episode_id: body.task_config.episode_id });
  });
  const r = await client(s.url, { authorization: "cpk_test" }).reset(TASK);
  assert.equal(r.episode_id, "ep-1");
  assert.equal(r.attempts, 1);
});

Deno.test("MinerClient.reset() retries 429 and 503 (cold start) and then succeeds", async () => {
  let coldStarts = 0;
  await using s = serve((_req, hit) => {
    if (hit === 1) return new Response("busy", { status: 429 });
    if (hit === 2) return new Response("No instances available (yet)", { status: 503 });
    return json({ status: "ok", episode_id: "ep-1" });
  });
  const r = await client(s.url, { onColdStart: () => void coldStarts++ }).reset(TASK);
  assert.equal(r.attempts, 3);
  assert.equal(coldStarts, 1);
});

Deno.test("MinerClient.reset() gives up with miner_unavailable when a hang outlasts the limit", async () => {
  await using s = serve(untilAborted);
  const c = client(s.url, { resetTimeoutMs: 120, warmupLimitMs: 400 });
  const t0 = performance.now();
  await rejectsWith(c.reset(TASK), "miner_unavailable", /not ready after \d attempts/);
  const elapsed = performance.now() - t0;
  assert.ok(elapsed >= 300 && elapsed < 2000, `elapsed ${elapsed} ms`);
  assert.ok(s.hits["/reset"] >= 2);
});

Deno.test("MinerClient.reset() gives up on a 503 that never ends", async () => {
  await using s = serve(() => new Response("cold", { status: 503 }));
  await rejectsWith(
    client(s.url, { warmupLimitMs: 200 }).reset(TASK),
    "miner_unavailable",
    /HTTP 503/,
  );
});

Deno.test("MinerClient.reset() fails at once on HTTP 500, bad JSON or a wrong episode id", async (t) => {
  const cases: [string, () => Response, RegExp][] = [
    ["HTTP 500", () => json({ detail: "x" }, 500), /HTTP 500/],
    ["bad JSON", () => new Response("ok"), /expected/],
    ["wrong status", () => json({ status: "ready", episode_id: "ep-1" }), /expected/],
    ["wrong id", () => json({ status: "ok", episode_id: "other" }), /"other" is not "ep-1"/],
  ];
  await using s = serve((_req, hit) => cases[hit - 1][1]());
  const c = client(s.url);
  for (const [name, , message] of cases) {
    await t.step(name, () => rejectsWith(c.reset(TASK), "miner_error", message));
  }
  assert.equal(s.hits["/reset"], cases.length);
});

Deno.test("MinerClient.health() accepts any 2xx and fails otherwise", async () => {
  await using s = serve((_r, hit) => hit === 1 ? new Response("fine") : json({}, 500));
  const c = client(s.url);
  assert.deepEqual(await c.health(), { status: "ok" });
  await rejectsWith(c.health(), "miner_error");
});

Deno.test("MinerClient refuses private endpoints unless allowed, before any request", async () => {
  let calls = 0;
  const fetch = (() => {
    calls++;
    return Promise.resolve(json({}));
  }) as typeof globalThis.fetch;
  const c = new MinerClient("http://127.0.0.1:9/", { fetch });
  // An operator setting, not the miner's fault: the error names the flag.
  for (const call of [() => c.act(ACT), () => c.reset(TASK)]) {
    await assert.rejects(call(), (e: unknown) => {
      assert.ok(e instanceof PrivateEndpointError, String(e));
      assert.match(e.message, /loopback.*--allow-private-endpoints/);
      return true;
    });
  }
  assert.equal(calls, 0);
});

Deno.test("MinerClient follows 307 only to allowed addresses and keeps credentials on origin", async () => {
  const seen: { url: string; auth: string | null }[] = [];
  const fetch = ((input: URL, init: RequestInit) => {
    const url = String(input);
    seen.push({ url, auth: new Headers(init.headers).get("authorization") });
    if (url === "https://miner.example/act") {
      return Promise.resolve(
        new Response(null, { status: 307, headers: { location: "https://cdn.example/act" } }),
      );
    }
    if (url === "https://cdn.example/act") {
      return Promise.resolve(
        new Response(null, { status: 307, headers: { location: "http://169.254.169.254/" } }),
      );
    }
    return Promise.resolve(json({ action: [0, 0, 0, 0] }));
  }) as typeof globalThis.fetch;
  const resolveHost = (h: string) =>
    Promise.resolve(h.endsWith(".example") ? ["93.184.215.14"] : []);
  const c = new MinerClient("https://miner.example", { fetch, resolveHost, authorization: "k" });
  await rejectsWith(c.act(ACT), "miner_unavailable", /169\.254\.169\.254.*metadata/);
  assert.deepEqual(seen, [
    { url: "https://miner.example/act", auth: "k" },
    { url: "https://cdn.example/act", auth: null },
  ]);
});

Deno.test("MinerClient keeps the act deadline when name resolution hangs", async () => {
  const resolveHost = () => new Promise<string[]>(() => {}); // never answers, ignores aborts
  const c = new MinerClient("https://slow-dns.example", { resolveHost, actTimeoutMs: 100 });
  const t0 = performance.now();
  await rejectsWith(c.act(ACT), "miner_timeout");
  assert.ok(performance.now() - t0 < 1000);
});

Deno.test("MinerClient refuses a base URL that does not parse", () => {
  assert.throws(
    () => new MinerClient("http://"),
    (e) => e instanceof MinerError && e.code === "miner_unavailable" && /not a URL/.test(e.message),
  );
});

Deno.test("MinerClient.reset() survives an onColdStart hook that throws", async () => {
  await using s = serve((_r, hit) =>
    hit === 1 ? new Response("", { status: 503 }) : json({ status: "ok", "episode_id": "ep-1" })
  );
  const onColdStart = () => {
    throw new Error("warm-up broke");
  };
  assert.equal((await client(s.url, { onColdStart }).reset(TASK)).attempts, 2);
});

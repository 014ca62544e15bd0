/**
 * A local fake of the parts of Chutes an executor uses: `GET /chutes/{id}` (resolve a chute id
 * to its slug), `GET /chutes/warmup/{id}` (SSE until the chute is hot) and the invocation
 * gateway `/invoke/{slug}/{path}`, which forwards to each chute's upstream policy server.
 * Like the real service it wants the API key as `Authorization` everywhere, answers 404
 * "No matching chute found!" for unknown chutes and 503 "No instances available (yet)" while a
 * cold chute has not been warmed up. Point an executor at it with `--chutes-api-url URL` and
 * `--chutes-invoke-url URL/invoke/{slug}`.
 */

/** One chute of the fake. */
export interface FakeChute {
  chuteId: string;
  slug: string;
  /** Base URL of the policy server the gateway forwards to. */
  upstream: string;
  /** Starts cold: invocations answer 503 until a warm-up. @default false */
  cold?: boolean;
}

/** A running fake Chutes. */
export interface FakeChutes extends AsyncDisposable {
  /** `--chutes-api-url`. */
  apiUrl: string;
  /** `--chutes-invoke-url`. */
  invokeUrl: string;
  /** Requests seen: resolutions, warm-ups, invocations, 401s and 503s. */
  stats: {
    resolves: number;
    warmups: number;
    invocations: number;
    unauthorized: number;
    cold503: number;
  };
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 (port 0) with the operator key `apiKey`. */
export function serveFakeChutes(apiKey: string, chutes: readonly FakeChute[]): FakeChutes {
  const hot = new Map(chutes.map((c) => [c.chuteId, !c.cold]));
  const stats = { resolves: 0, warmups: 0, invocations: 0, unauthorized: 0, cold503: 0 };
  const closing = new AbortController();
  const notFound = () => Response.json({ detail: "No matching chute found!" }, { status: 404 });
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const path = new URL(req.url).pathname;
    const auth = req.headers.get("authorization")?.split(" ").at(-1);
    if (auth !== apiKey) {
      stats.unauthorized++;
      return Response.json({ detail: "Authentication required." }, { status: 401 });
    }
    const invoke = path.match(/^\/invoke\/([a-z0-9-]+)(\/.*)$/);
    if (invoke) {
      const chute = chutes.find((c) => c.slug === invoke[1]);
      if (!chute) return notFound();
      stats.invocations++;
      if (!hot.get(chute.chuteId)) {
        stats.cold503++;
        return Response.json({ detail: "No instances available (yet)" }, { status: 503 });
      }
      const res = await fetch(`${chute.upstream}${invoke[2]}`, {
        method: req.method,
        headers: { "content-type": req.headers.get("content-type") ?? "application/json" },
        body: req.method === "GET" ? undefined : await req.arrayBuffer(),
      });
      return new Response(await res.arrayBuffer(), {
        status: res.status,
        headers: { "content-type": res.headers.get("content-type") ?? "application/json" },
      });
    }
    const warm = path.match(/^\/chutes\/warmup\/([0-9a-f-]+)$/);
    if (warm) {
      if (!hot.has(warm[1])) return notFound();
      stats.warmups++;
      const body = new ReadableStream<Uint8Array>({
        async start(c) {
          const enc = new TextEncoder();
          c.enqueue(enc.encode('data: {"status": "cold", "log": "pulling image"}\n\n'));
          await new Promise((r) => setTimeout(r, 50));
          hot.set(warm[1], true);
          c.enqueue(enc.encode('data: {"status": "hot", "log": "ready"}\n\n'));
          closing.signal.addEventListener("abort", () => {
            try {
              c.close();
            } catch { /* the client cancelled the stream */ }
          }, { once: true });
        },
      });
      return new Response(body, { headers: { "content-type": "text/event-stream" } });
    }
    const get = path.match(/^\/chutes\/([0-9a-f-]+)$/);
    const chute = get && chutes.find((c) => c.chuteId === get[1]);
    if (!chute) return notFound();
    stats.resolves++;
    return Response.json({
      "chute_id": chute.chuteId,
      slug: chute.slug,
      public: true,
      cords: [{ "public_api_path": "/act", "public_api_method": "POST" }],
      instances: hot.get(chute.chuteId) ? [{ active: true }] : [],
    });
  });
  const url = `http://127.0.0.1:${server.addr.port}`;
  const close = async () => {
    closing.abort();
    await server.shutdown();
  };
  return {
    apiUrl: url,
    invokeUrl: `${url}/invoke/{slug}`,
    stats,
    close,
    [Symbol.asyncDispose]: close,
  };
}

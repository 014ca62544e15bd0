/**
 * A proxy miner for the demo: forwards every request to another miner's endpoint and returns
 * its answers. It plays exactly the target's actions, the cheapest way to be paid for someone
 * else's policy; duplicate detection must group the two and pay neither more than the target.
 */
import type { PolicyServer } from "./baseline_server.ts";

/** Starts a loopback server that forwards `/health`, `/reset` and `/act` to `target`. */
export function startProxyServer(target: string, signal: AbortSignal): PolicyServer {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal, onListen() {} },
    async (req) => {
      const url = new URL(req.url);
      const upstream = await fetch(`${target}${url.pathname}`, {
        method: req.method,
        headers: { "content-type": req.headers.get("content-type") ?? "application/json" },
        body: req.method === "GET" ? undefined : await req.arrayBuffer(),
        signal,
      });
      return new Response(await upstream.arrayBuffer(), {
        status: upstream.status,
        headers: { "content-type": upstream.headers.get("content-type") ?? "application/json" },
      });
    },
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    shutdown: () => server.shutdown(),
  };
}

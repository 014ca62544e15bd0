/** HTTP policy servers that misbehave in one specific way, for executor fault tests. */

/** The ways a {@link serveFaultyMiner} misbehaves. */
export type MinerFault =
  | "ok"
  | "slow"
  | "http_500"
  | "invalid_json"
  | "nan_action"
  | "short_action"
  | "huge_body"
  | "hang_reset";

/** A running faulty miner. */
export interface FaultyMiner extends AsyncDisposable {
  url: string;
  /** `/act` calls received. */
  acts(): number;
  close(): Promise<void>;
}

/** Options of {@link serveFaultyMiner}. */
export interface FaultyMinerOptions {
  /** How long `slow` waits before answering `/act`. @default 1000 */
  slowMs?: number;
}

/**
 * Serves a policy server on 127.0.0.1 (port 0) that answers `/reset` correctly (except
 * `hang_reset`) and `/act` with the given fault. `ok` answers a zero action.
 */
export function serveFaultyMiner(fault: MinerFault, options: FaultyMinerOptions = {}): FaultyMiner {
  const ac = new AbortController();
  let acts = 0;
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      ac.signal.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
    });
  const json = (text: string, status = 200) =>
    new Response(text, { status, headers: { "content-type": "application/json" } });
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: ac.signal, onListen() {} },
    async (req) => {
      const path = new URL(req.url).pathname;
      const body = await req.json().catch(() => ({}));
      if (path === "/reset") {
        if (fault === "hang_reset") {
          await wait(60_000);
          return json("{}");
        }
        return Response.json({ status: "ok", "episode_id": body?.task_config?.episode_id });
      }
      if (path !== "/act") return json('{"detail":"not found"}', 404);
      acts++;
      switch (fault) {
        case "ok":
          return Response.json({ action: [0, 0, 0, 0] });
        case "slow":
          await wait(options.slowMs ?? 1000);
          return Response.json({ action: [0, 0, 0, 0] });
        case "http_500":
          return json('{"detail":"boom"}', 500);
        case "invalid_json":
          return json('{"action": [0.1, 0.2');
        case "nan_action":
          return json('{"action": [NaN, 0, 0, 0]}');
        case "short_action":
          return Response.json({ action: [0, 0, 0] });
        case "huge_body":
          return json(`{"action": [0, 0, 0, 0], "pad": "${"x".repeat(10 * 1024 * 1024)}"}`);
        default:
          return Response.json({ action: [0, 0, 0, 0] });
      }
    },
  );
  const close = async () => {
    ac.abort();
    await server.finished;
  };
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    acts: () => acts,
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** A URL on 127.0.0.1 where nothing listens (connection refused). */
export function refusedUrl(): string {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return `http://127.0.0.1:${port}`;
}

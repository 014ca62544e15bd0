import { createRng, pause, type Rng } from "../../core/mod.ts";
import { ActRequestSchema, minerOpenApiDocument, ResetRequestSchema } from "../../core/wire/mod.ts";
import type { Logger } from "../../log/mod.ts";

/** Policies of the mock miner. */
export type MockPolicy = "random" | "zero";

/** Options of {@link createMockMinerHandler}. */
export interface MockMinerHandlerOptions {
  /** `random` draws each value uniformly in [-1, 1); `zero` always answers zeros. @default "random" */
  policy?: MockPolicy;
  /** Delay before every `/act` answer, in milliseconds. @default 0 */
  latencyMs?: number;
  /** Probability that an `/act` answers HTTP 500. @default 0 */
  failRate?: number;
  /** Probability that an `/act` answers garbage (broken JSON, NaN, wrong length, strings). @default 0 */
  garbageRate?: number;
  /** Seed of the policy and the fault draws. @default 0 */
  seed?: number;
  /** Ends pending delays when aborted. @default none */
  signal?: AbortSignal;
  /** @default none */
  log?: Logger;
}

/** Counters of what the mock miner answered. */
export interface MockMinerStats {
  resets: number;
  acts: number;
  failures: number;
  garbage: number;
  invalidRequests: number;
}

/** Garbage answers, each a different way to break the protocol. */
const GARBAGE: (() => Response)[] = [
  () => new Response('{"action": [0.1, 0.2', { headers: { "content-type": "application/json" } }),
  () =>
    new Response('{"action": [NaN, 0, 0, 0]}', { headers: { "content-type": "application/json" } }),
  () => Response.json({ action: [0, 0, 0] }),
  () => Response.json({ action: ["left", "up", 0, 1] }),
];

/** A fetch-style handler implementing miner protocol v1 with a toy policy and injected faults. */
export function createMockMinerHandler(
  options: MockMinerHandlerOptions = {},
): { handler: (req: Request) => Promise<Response>; stats: MockMinerStats } {
  const rng = createRng(options.seed ?? 0);
  const policy = options.policy ?? "random";
  const latencyMs = options.latencyMs ?? 0;
  const failRate = options.failRate ?? 0;
  const garbageRate = options.garbageRate ?? 0;
  const stats: MockMinerStats = { resets: 0, acts: 0, failures: 0, garbage: 0, invalidRequests: 0 };
  const log = options.log;

  async function act(req: Request): Promise<Response> {
    const parsed = ActRequestSchema.safeParse(await req.json().catch(() => undefined));
    if (!parsed.success) return invalid("act");
    stats.acts++;
    if (latencyMs > 0) await pause(latencyMs, options.signal);
    const u = rng.uniform();
    if (u < failRate) {
      stats.failures++;
      return Response.json({ detail: "injected failure" }, { status: 500 });
    }
    if (u < failRate + garbageRate) {
      stats.garbage++;
      return GARBAGE[rng.int(0, GARBAGE.length - 1)]();
    }
    return Response.json({ action: chooseAction(policy, rng) });
  }

  async function reset(req: Request): Promise<Response> {
    const parsed = ResetRequestSchema.safeParse(await req.json().catch(() => undefined));
    if (!parsed.success) return invalid("reset");
    stats.resets++;
    const { env_id: envId, episode_id: episodeId } = parsed.data.task_config;
    log?.debug("Episode reset", { envId, episodeId });
    return Response.json({ status: "ok", episode_id: episodeId });
  }

  function invalid(path: string): Response {
    stats.invalidRequests++;
    log?.warn("Invalid request body", { path });
    return Response.json({ detail: `invalid /${path} body` }, { status: 422 });
  }

  const routes: Record<string, (req: Request) => Response | Promise<Response>> = {
    "GET /health": () => Response.json({ status: "ok" }),
    "GET /openapi.json": () => Response.json(minerOpenApiDocument()),
    "POST /reset": reset,
    "POST /act": act,
  };

  function handler(req: Request): Promise<Response> {
    const path = new URL(req.url).pathname;
    const route = routes[`${req.method} ${path}`];
    if (route) return Promise.resolve(route(req));
    const known = Object.keys(routes).some((k) => k.endsWith(` ${path}`));
    return Promise.resolve(
      Response.json({ detail: known ? "method not allowed" : "not found" }, {
        status: known ? 405 : 404,
      }),
    );
  }

  return { handler, stats };
}

function chooseAction(policy: MockPolicy, rng: Rng): number[] {
  if (policy === "zero") return [0, 0, 0, 0];
  return [rng.range(-1, 1), rng.range(-1, 1), rng.range(-1, 1), rng.range(-1, 1)];
}

/** Options of {@link startMockMiner}. */
export interface MockMinerOptions extends MockMinerHandlerOptions {
  /** Interface to listen on. @default "127.0.0.1" */
  host?: string;
  /** Port; 0 picks a free one. @default 8001 */
  port?: number;
}

/** A running mock miner. */
export interface MockMiner {
  /** Base URL, e.g. `http://127.0.0.1:8001`. */
  url: string;
  port: number;
  stats: MockMinerStats;
  /** Resolves when the server has stopped. */
  finished: Promise<void>;
  /** Stops the server. */
  shutdown(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Starts a mock miner policy server; it stops when `signal` aborts or on `shutdown()`. */
export function startMockMiner(options: MockMinerOptions = {}): MockMiner {
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const { handler, stats } = createMockMinerHandler({ ...options, signal });
  const hostname = options.host ?? "127.0.0.1";
  const server = Deno.serve(
    { hostname, port: options.port ?? 8001, signal, onListen() {} },
    handler,
  );
  const port = server.addr.port;
  const shown = hostname.includes(":") ? `[${hostname}]` : hostname;
  const url = `http://${shown === "0.0.0.0" ? "127.0.0.1" : shown}:${port}`;
  options.log?.info("Mock miner listening", {
    url,
    policy: options.policy ?? "random",
    latencyMs: options.latencyMs ?? 0,
    failRate: options.failRate ?? 0,
    garbageRate: options.garbageRate ?? 0,
  });
  async function shutdown() {
    stop.abort();
    await server.finished;
  }
  return {
    url,
    port,
    stats,
    finished: server.finished,
    shutdown,
    [Symbol.asyncDispose]: shutdown,
  };
}

import {
  type Action,
  type ActOutcome,
  type ActRequest,
  cleanText,
  type MinerHealthResponse as HealthResponse,
  MinerHealthResponseSchema as HealthResponseSchema,
  parseAction,
  type ResetResponse,
  ResetResponseSchema,
  type TaskConfig,
} from "../core/wire/mod.ts";
import { delay } from "../core/mod.ts";
import { MinerError, type MinerErrorCode } from "../errors/mod.ts";
import type { Logger } from "../log/mod.ts";
import { exchange, HttpFailure, type HttpReply } from "./_http.ts";
import { EndpointGuard, type ResolveHost } from "./endpoint_guard.ts";

/** Default deadline of one `/act` call. */
export const DEFAULT_ACT_TIMEOUT_MS = 500;
/** Default deadline of one `/reset` attempt. */
export const DEFAULT_RESET_TIMEOUT_MS = 10_000;
/** Default time `/reset` keeps retrying a cold or busy endpoint (429/503, no answer). */
export const DEFAULT_WARMUP_LIMIT_MS = 300_000;
/** Default largest response body accepted from a miner. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

/** Options of {@link MinerClient}. */
export interface MinerClientOptions {
  /** Value of the `Authorization` header (a Chutes API key). @default none */
  authorization?: string;
  /** Deadline of one `/act` call, body included. @default 500 */
  actTimeoutMs?: number;
  /** Deadline of one `/reset` attempt. @default 10000 */
  resetTimeoutMs?: number;
  /** How long `/reset` retries 429/503, timeouts and refused connections. @default 300000 */
  warmupLimitMs?: number;
  /** First wait between `/reset` attempts; doubles up to `maxRetryDelayMs`. @default 1000 */
  retryDelayMs?: number;
  /** Longest wait between `/reset` attempts. @default 15000 */
  maxRetryDelayMs?: number;
  /** Deadline of `/health`. @default 5000 */
  healthTimeoutMs?: number;
  /** Largest response body accepted. @default 65536 */
  maxResponseBytes?: number;
  /** 307/308 redirects followed (each target is checked). @default 2 */
  maxRedirects?: number;
  /** Allow non-public addresses such as 127.0.0.1 (local development). @default false */
  allowPrivateEndpoints?: boolean;
  /** Name resolution for the endpoint guard. @default `Deno.resolveDns` A + AAAA */
  resolveHost?: ResolveHost;
  /** Called once per `/reset` when the endpoint first answers 429/503 (e.g. Chutes warm-up). @default none */
  onColdStart?: () => void | Promise<void>;
  /** @default globalThis.fetch (keep-alive connection pool) */
  fetch?: typeof fetch;
  /** @default a silent logger */
  log?: Logger;
  /** Waits between retries. @default a timer that stops on abort */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Monotonic clock in milliseconds. @default performance.now */
  now?: () => number;
}

/** Per-call options. */
export interface MinerCallOptions {
  /** Aborts the call (shutdown); its reason is rethrown, never turned into a miner fault. */
  signal?: AbortSignal;
}

/** A good `/act` answer. */
export interface ActReply {
  action: Action;
  /** Whether some value was outside [-1, 1] and clipped. */
  clipped: boolean;
  latencyMs: number;
}

/** A `/act` outcome as the miss policy takes it, with the latency and a reason on a miss. */
export type ActAttempt = ActOutcome & { latencyMs: number; message?: string };

/** A successful `/reset`. */
export interface ResetReply extends ResetResponse {
  attempts: number;
  durationMs: number;
}

const RETRYABLE_STATUSES = new Set([429, 503]);
const decoder = new TextDecoder();

/**
 * Client of one miner policy server (protocol v1). Every failure is a {@link MinerError}
 * with the result code of the episode (`miner_timeout`, `miner_error`, `miner_bad_action`,
 * `miner_unavailable`); an abort through the caller's signal rethrows its reason.
 *
 * @example One episode under the miss policy
 * ```ts ignore
 * import { MinerClient } from "../client/mod.ts";
 * import { createMissState, stepMissPolicy } from "../core/wire/mod.ts";
 *
 * const miner = new MinerClient("https://alice-policy.chutes.ai", { authorization: key });
 * await miner.reset(taskConfig, { signal }); // throws MinerError: the episode's result code
 * let misses = createMissState();
 * for (let step = 0; step < taskConfig.max_steps; step++) {
 *   const r = stepMissPolicy(misses, await miner.tryAct(request(step), { signal }));
 *   misses = r.state;
 *   if (r.ended) return r.ended; // miner_timeout | miner_error | miner_bad_action | ...
 *   env.step(r.action);
 * }
 * ```
 */
export class MinerClient {
  readonly baseUrl: URL;
  #o: Required<Omit<MinerClientOptions, "authorization" | "onColdStart" | "resolveHost" | "log">>;
  #headers: Record<string, string>;
  #guard: EndpointGuard;
  #onColdStart?: () => void | Promise<void>;
  #log?: Logger;

  /**
   * Creates the client; nothing is sent until the first call.
   *
   * @throws {MinerError} `miner_unavailable` when `baseUrl` is not a URL
   */
  constructor(baseUrl: string | URL, options: MinerClientOptions = {}) {
    let url: URL;
    try {
      url = new URL(baseUrl);
    } catch (cause) {
      throw new MinerError("miner_unavailable", `Cannot call miner "${baseUrl}": not a URL`, {
        cause,
      });
    }
    if (!url.pathname.endsWith("/")) url.pathname += "/";
    this.baseUrl = url;
    this.#o = {
      actTimeoutMs: options.actTimeoutMs ?? DEFAULT_ACT_TIMEOUT_MS,
      resetTimeoutMs: options.resetTimeoutMs ?? DEFAULT_RESET_TIMEOUT_MS,
      warmupLimitMs: options.warmupLimitMs ?? DEFAULT_WARMUP_LIMIT_MS,
      retryDelayMs: options.retryDelayMs ?? 1000,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 15_000,
      healthTimeoutMs: options.healthTimeoutMs ?? 5000,
      maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      maxRedirects: options.maxRedirects ?? 2,
      allowPrivateEndpoints: options.allowPrivateEndpoints ?? false,
      fetch: options.fetch ?? globalThis.fetch,
      sleep: options.sleep ?? delay,
      now: options.now ?? (() => performance.now()),
    };
    this.#headers = options.authorization ? { authorization: options.authorization } : {};
    this.#guard = new EndpointGuard({
      allowPrivateEndpoints: this.#o.allowPrivateEndpoints,
      resolveHost: options.resolveHost,
      log: options.log,
    });
    this.#onColdStart = options.onColdStart;
    this.#log = options.log;
  }

  /**
   * Calls `GET /health`.
   *
   * @throws {MinerError} when the server does not answer 2xx in time
   */
  async health(options: MinerCallOptions = {}): Promise<HealthResponse> {
    const reply = await this.#call("GET", "health", undefined, this.#o.healthTimeoutMs, options);
    if (reply.status < 200 || reply.status > 299) throw statusError("health", reply);
    const parsed = HealthResponseSchema.safeParse(tryJson(reply.body));
    return parsed.success ? parsed.data : { status: "ok" };
  }

  /**
   * Starts an episode with `POST /reset`, retrying 429/503 answers, timeouts and refused
   * connections (cold starts) with backoff for up to `warmupLimitMs`.
   *
   * @throws {MinerError} `miner_unavailable` when the limit passes, `miner_error` on any
   * other bad answer
   */
  async reset(taskConfig: TaskConfig, options: MinerCallOptions = {}): Promise<ResetReply> {
    const body = JSON.stringify({ task_config: taskConfig });
    const start = this.#o.now();
    let delay = this.#o.retryDelayMs;
    let coldStartCalled = false;
    for (let attempt = 1;; attempt++) {
      const elapsed = this.#o.now() - start;
      const timeoutMs = Math.max(
        1,
        Math.min(this.#o.resetTimeoutMs, this.#o.warmupLimitMs - elapsed),
      );
      let last: string;
      try {
        const reply = await this.#call("POST", "reset", body, timeoutMs, options);
        if (!RETRYABLE_STATUSES.has(reply.status)) {
          const result = parseResetReply(reply, taskConfig.episode_id);
          return { ...result, attempts: attempt, durationMs: this.#o.now() - start };
        }
        last = `HTTP ${reply.status}`;
        delay = Math.max(delay, retryAfterMs(reply.headers) ?? 0);
        if (!coldStartCalled && this.#onColdStart) {
          coldStartCalled = true;
          try {
            await this.#onColdStart();
          } catch (err) {
            this.#log?.warn("Cannot trigger miner warm-up", { error: err });
          }
        }
      } catch (err) {
        const kind = err instanceof MinerError && err.cause instanceof HttpFailure
          ? err.cause.kind
          : undefined;
        if (kind !== "timeout" && kind !== "connect") throw err;
        last = (err as Error).message;
      }
      const waited = this.#o.now() - start;
      if (waited + Math.min(delay, this.#o.maxRetryDelayMs) >= this.#o.warmupLimitMs) {
        throw new MinerError(
          "miner_unavailable",
          `Cannot reset miner "${this.baseUrl.origin}": not ready after ${attempt} attempts in ${
            Math.round(waited)
          } ms (last: ${last})`,
        );
      }
      this.#log?.debug("Miner not ready, retrying reset", { attempt, last });
      await this.#o.sleep(Math.min(delay, this.#o.maxRetryDelayMs), options.signal);
      delay = Math.min(delay * 2, this.#o.maxRetryDelayMs);
    }
  }

  /**
   * Asks for one action with `POST /act` under the act deadline.
   *
   * @throws {MinerError} `miner_timeout` past the deadline, `miner_unavailable` when the
   * endpoint cannot be reached or answers 429/503, `miner_error` on another status, an
   * oversized or non-JSON body, `miner_bad_action` when the JSON holds no valid action
   */
  async act(request: ActRequest, options: MinerCallOptions = {}): Promise<ActReply> {
    const t0 = this.#o.now();
    const reply = await this.#call(
      "POST",
      "act",
      JSON.stringify(request),
      this.#o.actTimeoutMs,
      options,
    );
    if (reply.status < 200 || reply.status > 299) throw statusError("act", reply);
    const json = parseJsonLenient(reply.body);
    if (json === NOT_JSON) {
      throw new MinerError("miner_error", `Cannot use /act answer: body is not JSON`);
    }
    const value = isObject(json) ? json.action : undefined;
    const parsed = parseAction(value);
    if (!parsed.ok) {
      throw new MinerError("miner_bad_action", `Cannot use /act answer: ${parsed.reason}`);
    }
    return { action: parsed.action, clipped: parsed.clipped, latencyMs: this.#o.now() - t0 };
  }

  /**
   * Like {@link act}, but a miner fault is returned as `{ ok: false, code }` instead of
   * thrown, ready for `stepMissPolicy`.
   */
  async tryAct(request: ActRequest, options: MinerCallOptions = {}): Promise<ActAttempt> {
    const t0 = this.#o.now();
    try {
      const r = await this.act(request, options);
      return { ok: true, action: r.action, latencyMs: r.latencyMs };
    } catch (err) {
      if (!(err instanceof MinerError)) throw err;
      const code = err.code as MinerErrorCode;
      return { ok: false, code, latencyMs: this.#o.now() - t0, message: err.message };
    }
  }

  async #call(
    method: "GET" | "POST",
    path: string,
    body: string | undefined,
    timeoutMs: number,
    options: MinerCallOptions,
  ): Promise<HttpReply> {
    const url = new URL(path, this.baseUrl);
    try {
      return await exchange({
        method,
        url,
        headers: this.#headers,
        body,
        timeoutMs,
        maxBytes: this.#o.maxResponseBytes,
        maxRedirects: this.#o.maxRedirects,
        signal: options.signal,
        guard: this.#guard,
        fetch: this.#o.fetch,
      });
    } catch (err) {
      if (!(err instanceof HttpFailure)) throw err;
      const where = `Cannot call miner "/${path}"`;
      const code: MinerErrorCode = err.kind === "timeout"
        ? "miner_timeout"
        : err.kind === "connect"
        ? "miner_unavailable"
        : "miner_error";
      throw new MinerError(code, `${where}: ${err.message}`, { cause: err });
    }
  }
}

function statusError(path: string, reply: HttpReply): MinerError {
  const code = RETRYABLE_STATUSES.has(reply.status) ? "miner_unavailable" : "miner_error";
  return new MinerError(code, `Cannot use /${path} answer: HTTP ${reply.status}`);
}

function parseResetReply(reply: HttpReply, episodeId: string): ResetResponse {
  if (reply.status < 200 || reply.status > 299) throw statusError("reset", reply);
  const parsed = ResetResponseSchema.safeParse(tryJson(reply.body));
  if (!parsed.success) {
    throw new MinerError(
      "miner_error",
      `Cannot use /reset answer: expected {"status":"ok","episode_id":...}`,
    );
  }
  if (parsed.data.episode_id !== episodeId) {
    throw new MinerError(
      "miner_error",
      `Cannot use /reset answer: episode_id ${
        quoteForeign(parsed.data.episode_id)
      } is not "${episodeId}"`,
    );
  }
  return parsed.data;
}

/** A miner's string inside our error text: cleaned, cut to 80 characters, JSON-quoted. */
function quoteForeign(s: string): string {
  const clean = cleanText(s, 81);
  return JSON.stringify(clean.length > 80 ? `${clean.slice(0, 80)}…` : clean);
}

const NOT_JSON = Symbol("not json");

function tryJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(body));
  } catch {
    return NOT_JSON;
  }
}

// Python's json module writes NaN and Infinity as bare tokens, which JSON.parse refuses.
// Such a body holds a non-finite action, so it is read with those tokens as null and
// fails as a bad action rather than as a broken body.
const NON_FINITE_REGEXP = /(?<=[[,:]\s*)-?(?:NaN|Infinity)(?=\s*[,\]}])/g;

function parseJsonLenient(body: Uint8Array): unknown {
  const text = decoder.decode(body);
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(text.replace(NON_FINITE_REGEXP, "null"));
    } catch {
      return NOT_JSON;
    }
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function retryAfterMs(headers: Headers): number | undefined {
  const v = headers.get("retry-after");
  if (v === null || !/^\d+$/.test(v.trim())) return undefined;
  return Number(v) * 1000;
}

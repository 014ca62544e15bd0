import type { z } from "zod";
import {
  ApiHealthResponseSchema,
  type CycleEpisodesResponse,
  CycleEpisodesResponseSchema,
  type FetchTasksResponse,
  FetchTasksResponseSchema,
  type HeartbeatResponse,
  HeartbeatResponseSchema,
  type ScoresResponse,
  ScoresResponseSchema,
  type StatusResponse,
  StatusResponseSchema,
  type SubmitTasksResponse,
  SubmitTasksResponseSchema,
  type TaskResult,
  type TaskStatsResponse,
  TaskStatsResponseSchema,
  type WeightsResponse,
  WeightsResponseSchema,
} from "../core/wire/mod.ts";
import { delay } from "../core/mod.ts";
import { UpstreamError } from "../errors/mod.ts";
import { errorFromResponse } from "./errors.ts";

/** Options of {@link ApiClient}. */
export interface ApiClientOptions {
  /** Base URL of the API, e.g. `http://localhost:8000`. */
  baseUrl: string;
  /** Executor API key (task routes). @default undefined */
  apiKey?: string;
  /** Worker name sent as `executor_id`. @default undefined */
  executorId?: string;
  /** Per-request timeout. @default 15000 */
  timeoutMs?: number;
  /** Retries of idempotent calls on network errors and 502/503/504. @default 2 */
  retries?: number;
  /** The fetch to use (tests pass `app.request`). @default globalThis.fetch */
  fetch?: (input: Request) => Response | Promise<Response>;
}

/** Options of {@link ApiClient.fetchTasks}. */
export interface FetchTasksOptions {
  /** @default 10 */
  batchSize?: number;
  /** @default undefined (all) */
  envIds?: string[];
  /** @default undefined */
  signal?: AbortSignal;
}

interface CallOptions<S extends z.ZodType> {
  method: "GET" | "POST";
  path: string;
  body?: unknown;
  schema: S;
  what: string;
  idempotent: boolean;
  auth?: boolean;
  signal?: AbortSignal;
}

const RETRY_STATUSES = new Set([502, 503, 504]);

/**
 * Typed client of the Kinitro API for executors and validators. Responses are validated
 * with the wire schemas; error envelopes come back as the matching `KinitroError`.
 */
export class ApiClient {
  #base: string;
  #key?: string;
  #executorId?: string;
  #timeoutMs: number;
  #retries: number;
  #fetch: (input: Request) => Response | Promise<Response>;

  constructor(options: ApiClientOptions) {
    this.#base = options.baseUrl.replace(/\/+$/, "");
    this.#key = options.apiKey;
    this.#executorId = options.executorId;
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    this.#retries = options.retries ?? 2;
    this.#fetch = options.fetch ?? ((req) => fetch(req));
  }

  /** Leases up to `batchSize` tasks. Not retried (a retry could lease twice). */
  fetchTasks(options: FetchTasksOptions = {}): Promise<FetchTasksResponse> {
    return this.#call({
      method: "POST",
      path: "/v1/tasks/fetch",
      body: {
        batch_size: options.batchSize ?? 10,
        ...(options.envIds ? { env_ids: options.envIds } : {}),
        ...this.#worker(),
      },
      schema: FetchTasksResponseSchema,
      what: "fetch tasks",
      idempotent: false,
      auth: true,
      signal: options.signal,
    });
  }

  /** Submits results; safe to retry (the API records each lease once). */
  submitResults(results: TaskResult[], signal?: AbortSignal): Promise<SubmitTasksResponse> {
    return this.#call({
      method: "POST",
      path: "/v1/tasks/submit",
      body: { results, ...this.#worker() },
      schema: SubmitTasksResponseSchema,
      what: "submit results",
      idempotent: true,
      auth: true,
      signal,
    });
  }

  /** Extends leases while episodes run. */
  heartbeat(
    leases: { task_id: string; lease_id: string }[],
    signal?: AbortSignal,
  ): Promise<HeartbeatResponse> {
    return this.#call({
      method: "POST",
      path: "/v1/tasks/heartbeat",
      body: { leases, ...this.#worker() },
      schema: HeartbeatResponseSchema,
      what: "extend leases",
      idempotent: true,
      auth: true,
      signal,
    });
  }

  /** The latest weights record. */
  latestWeights(signal?: AbortSignal): Promise<WeightsResponse> {
    return this.#get("/v1/weights/latest", WeightsResponseSchema, "get the latest weights", signal);
  }

  /** The weights record of a block. */
  weightsAt(block: number, signal?: AbortSignal): Promise<WeightsResponse> {
    return this.#get(
      `/v1/weights/${block}`,
      WeightsResponseSchema,
      `get weights "${block}"`,
      signal,
    );
  }

  /** Scores of the latest completed cycle. */
  latestScores(signal?: AbortSignal): Promise<ScoresResponse> {
    return this.#get("/v1/scores/latest", ScoresResponseSchema, "get the latest scores", signal);
  }

  /** Scores of one cycle. */
  scores(cycleId: number, signal?: AbortSignal): Promise<ScoresResponse> {
    return this.#get(
      `/v1/scores/${cycleId}`,
      ScoresResponseSchema,
      `get scores "${cycleId}"`,
      signal,
    );
  }

  /** Episodes of a finished cycle with their revealed seeds (`kinitro verify-cycle`). */
  cycleEpisodes(cycleId: number, signal?: AbortSignal): Promise<CycleEpisodesResponse> {
    return this.#get(
      `/v1/cycles/${cycleId}/episodes`,
      CycleEpisodesResponseSchema,
      `get the episodes of cycle "${cycleId}"`,
      signal,
    );
  }

  /** Backend status. */
  status(signal?: AbortSignal): Promise<StatusResponse> {
    return this.#get("/v1/status", StatusResponseSchema, "get the status", signal);
  }

  /** Task pool statistics. */
  taskStats(cycleId?: number, signal?: AbortSignal): Promise<TaskStatsResponse> {
    const q = cycleId === undefined ? "" : `?cycle_id=${cycleId}`;
    return this.#get(`/v1/tasks/stats${q}`, TaskStatsResponseSchema, "get task stats", signal);
  }

  /** Whether the API answers and its database is connected. */
  async health(signal?: AbortSignal): Promise<boolean> {
    try {
      const h = await this.#get("/health", ApiHealthResponseSchema, "check health", signal);
      return h.database === "connected";
    } catch {
      return false;
    }
  }

  #worker(): { executor_id?: string } {
    return this.#executorId ? { executor_id: this.#executorId } : {};
  }

  #get<S extends z.ZodType>(path: string, schema: S, what: string, signal?: AbortSignal) {
    return this.#call({ method: "GET", path, schema, what, idempotent: true, signal });
  }

  async #call<S extends z.ZodType>(o: CallOptions<S>): Promise<z.output<S>> {
    const attempts = o.idempotent ? this.#retries + 1 : 1;
    let last: unknown;
    for (let i = 0; i < attempts; i++) {
      if (i > 0) await delay(200 * 2 ** (i - 1), o.signal);
      let res: Response;
      try {
        res = await this.#send(o);
      } catch (err) {
        if (o.signal?.aborted) throw err;
        last = new UpstreamError(`Cannot ${o.what}: ${(err as Error).message}`, { cause: err });
        continue;
      }
      if (res.ok) {
        const parsed = o.schema.safeParse(await res.json());
        if (!parsed.success) {
          throw new UpstreamError(
            `Cannot ${o.what}: unexpected response shape (${parsed.error.issues[0]?.message})`,
          );
        }
        return parsed.data;
      }
      last = await errorFromResponse(res, o.what);
      if (!RETRY_STATUSES.has(res.status)) throw last;
    }
    throw last;
  }

  #send(o: CallOptions<z.ZodType>): Promise<Response> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (o.body !== undefined) headers["content-type"] = "application/json";
    if (o.auth && this.#key) headers.authorization = `Bearer ${this.#key}`;
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const signal = o.signal ? AbortSignal.any([o.signal, timeout]) : timeout;
    return Promise.resolve(this.#fetch(
      new Request(this.#base + o.path, {
        method: o.method,
        headers,
        body: o.body === undefined ? undefined : JSON.stringify(o.body),
        signal,
      }),
    ));
  }
}

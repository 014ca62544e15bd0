import { z } from "zod";
import {
  ApiHealthResponseSchema,
  CycleEpisodesResponseSchema,
  CycleProgressResponseSchema,
  EnvironmentsResponseSchema,
  ErrorEnvelopeSchema,
  FetchTasksRequestSchema,
  FetchTasksResponseSchema,
  HeartbeatRequestSchema,
  HeartbeatResponseSchema,
  LeaderboardResponseSchema,
  MinersResponseSchema,
  ReplayResponseSchema,
  ReplaysResponseSchema,
  ScoresResponseSchema,
  StatusResponseSchema,
  SubmitTasksRequestSchema,
  SubmitTasksResponseSchema,
  TaskStatsResponseSchema,
  WeightsResponseSchema,
} from "../../core/wire/mod.ts";

/** One parameter of an operation (a non-negative integer unless `schema` says otherwise). */
export interface OperationParam {
  name: string;
  in: "path" | "query";
  description: string;
  required: boolean;
  /** JSON schema of the value. @default {"type":"integer","minimum":0} */
  schema?: Record<string, unknown>;
}

/** One documented operation. */
export interface Operation {
  method: "get" | "post";
  path: string;
  summary: string;
  auth?: boolean;
  params?: OperationParam[];
  request?: z.ZodType;
  /** The JSON body of a 200, or `"binary"` for a body of bytes (its own `Content-Type`). */
  response: z.ZodType | "binary";
  /** Extra non-2xx statuses besides 400/500. */
  errors?: number[];
}

const CYCLE_ID: OperationParam = {
  name: "cycle_id",
  in: "path",
  description: "Cycle id",
  required: true,
};
const REPLAY_ID: OperationParam = {
  name: "id",
  in: "path",
  description: "Replay id",
  required: true,
};

/**
 * Every JSON route of the API (`/health` and `/v1/*`), for the OpenAPI document and the docs
 * page. `openapi_test.ts` fails when a route of the app is missing here.
 */
export const OPERATIONS: readonly Operation[] = [
  {
    method: "get",
    path: "/health",
    summary: "Liveness and database connectivity (503 when the database is unreachable)",
    response: ApiHealthResponseSchema,
    errors: [503],
  },
  {
    method: "get",
    path: "/v1/status",
    summary: "Current and last completed cycle, totals, environments, pool depth",
    response: StatusResponseSchema,
  },
  {
    method: "get",
    path: "/v1/weights/latest",
    summary: "The signed weights record with the highest block",
    response: WeightsResponseSchema,
    errors: [404],
  },
  {
    method: "get",
    path: "/v1/weights/{block}",
    summary: "The signed weights record of one block",
    params: [{ name: "block", in: "path", description: "Block number", required: true }],
    response: WeightsResponseSchema,
    errors: [404],
  },
  {
    method: "get",
    path: "/v1/scores/latest",
    summary: "Scores of the latest completed cycle",
    response: ScoresResponseSchema,
    errors: [404],
  },
  {
    method: "get",
    path: "/v1/scores/{cycle_id}",
    summary: "Scores of one cycle",
    params: [{ name: "cycle_id", in: "path", description: "Cycle id", required: true }],
    response: ScoresResponseSchema,
    errors: [404],
  },
  {
    method: "get",
    path: "/v1/cycles/{cycle_id}/episodes",
    summary: "After the reveal: the secret and every finished task with its seed and result " +
      "(409 before the reveal)",
    params: [CYCLE_ID],
    response: CycleEpisodesResponseSchema,
    errors: [404, 409],
  },
  {
    method: "get",
    path: "/v1/cycles/{cycle_id}/progress",
    summary: "Live progress of a cycle: tasks by environment and status, results by executor, " +
      "throughput and time left",
    params: [{
      ...CYCLE_ID,
      description: "Cycle id, or `current` for the open (else latest) cycle",
      schema: { anyOf: [{ type: "integer", minimum: 0 }, { const: "current" }] },
    }],
    response: CycleProgressResponseSchema,
    errors: [404],
  },
  {
    method: "get",
    path: "/v1/cycles/{cycle_id}/leaderboard",
    summary: "Leaderboard of a finished cycle: subsets won, points, duplicate groups " +
      "(409 while the cycle runs)",
    params: [CYCLE_ID],
    response: LeaderboardResponseSchema,
    errors: [404, 409],
  },
  {
    method: "get",
    path: "/v1/replays",
    summary: "Replays of sampled episodes of revealed cycles, newest first",
    params: [
      { name: "cycle_id", in: "query", description: "Only this cycle", required: false },
      { name: "uid", in: "query", description: "Only this miner uid", required: false },
      {
        name: "env_id",
        in: "query",
        description: "Only this environment id",
        required: false,
        schema: { type: "string", minLength: 1, maxLength: 128 },
      },
      {
        name: "limit",
        in: "query",
        description: "At most this many replays (default 100)",
        required: false,
        schema: { type: "integer", minimum: 1, maximum: 500 },
      },
    ],
    response: ReplaysResponseSchema,
  },
  {
    method: "get",
    path: "/v1/replays/{id}",
    summary: "One replay of a revealed cycle",
    params: [REPLAY_ID],
    response: ReplayResponseSchema,
    errors: [404],
  },
  {
    method: "get",
    path: "/v1/replays/{id}/media",
    summary: "The replay's recording (its own Content-Type)",
    params: [REPLAY_ID],
    response: "binary",
    errors: [404],
  },
  {
    method: "get",
    path: "/v1/miners",
    summary: "Miners of the latest completed cycle",
    response: MinersResponseSchema,
  },
  {
    method: "get",
    path: "/v1/environments",
    summary: "Environments with statistics from the latest completed cycle",
    response: EnvironmentsResponseSchema,
  },
  {
    method: "post",
    path: "/v1/tasks/fetch",
    summary: "Lease tasks of open cycles (executors)",
    auth: true,
    request: FetchTasksRequestSchema,
    response: FetchTasksResponseSchema,
    errors: [401, 413],
  },
  {
    method: "post",
    path: "/v1/tasks/submit",
    summary: "Submit episode results, keyed by lease; idempotent per lease (executors)",
    auth: true,
    request: SubmitTasksRequestSchema,
    response: SubmitTasksResponseSchema,
    errors: [401, 413],
  },
  {
    method: "post",
    path: "/v1/tasks/heartbeat",
    summary: "Extend leases while episodes run (executors)",
    auth: true,
    request: HeartbeatRequestSchema,
    response: HeartbeatResponseSchema,
    errors: [401, 413],
  },
  {
    method: "get",
    path: "/v1/tasks/stats",
    summary: "Task counts by status for a cycle (default: the open cycle)",
    params: [{ name: "cycle_id", in: "query", description: "Cycle id", required: false }],
    response: TaskStatsResponseSchema,
  },
];

const STATUS_TEXT: Record<number, string> = {
  400: "Invalid request",
  401: "Missing or invalid API key",
  404: "Not found",
  413: "Request body too large",
  500: "Internal server error",
  503: "Database unreachable",
};

/** The OpenAPI 3.1 document, generated from the zod schemas. */
export function openApiDocument(version: string): Record<string, unknown> {
  const error = z.toJSONSchema(ErrorEnvelopeSchema);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const responses: Record<string, unknown> = {
      "200": { description: "OK", content: responseContent(op.response) },
    };
    for (const s of [400, ...(op.errors ?? []), 500]) {
      responses[String(s)] = {
        description: STATUS_TEXT[s] ?? "Error",
        content: { "application/json": { schema: error } },
      };
    }
    (paths[op.path] ??= {})[op.method] = {
      summary: op.summary,
      ...(op.auth ? { security: [{ executorKey: [] }] } : {}),
      ...(op.params
        ? {
          parameters: op.params.map((p) => ({
            name: p.name,
            in: p.in,
            required: p.required,
            description: p.description,
            schema: p.schema ?? { type: "integer", minimum: 0 },
          })),
        }
        : {}),
      ...(op.request
        ? {
          requestBody: {
            required: true,
            content: {
              "application/json": { schema: z.toJSONSchema(op.request, { io: "input" }) },
            },
          },
        }
        : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Kinitro API",
      version,
      description: "Evaluation backend of the Kinitro subnet: weights, scores, and the task " +
        "pool executors lease from. Errors share one envelope: " +
        '{"error":{"code","message","details?","request_id"}}.',
    },
    components: {
      securitySchemes: {
        executorKey: {
          type: "http",
          scheme: "bearer",
          description: "Executor API key from `kinitro api-key create`",
        },
      },
    },
    paths,
  };
}

function responseSchema(response: Operation["response"]): unknown {
  if (response === "binary") return { type: "string", format: "binary" };
  return z.toJSONSchema(response, { io: "output" });
}

function responseContent(response: Operation["response"]): Record<string, unknown> {
  const type = response === "binary" ? "application/octet-stream" : "application/json";
  return { [type]: { schema: responseSchema(response) } };
}

function escapeHtml(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** A self-contained HTML page listing every route, with its schemas inline. */
export function docsPage(version: string): string {
  const doc = openApiDocument(version) as {
    paths: Record<string, Record<string, Record<string, unknown>>>;
  };
  const rows = OPERATIONS.map((op) => {
    const o = doc.paths[op.path][op.method];
    const req = o.requestBody
      ? `<details><summary>request body</summary><pre>${
        escapeHtml(JSON.stringify(
          (o.requestBody as { content: Record<string, { schema: unknown }> }).content[
            "application/json"
          ].schema,
          null,
          2,
        ))
      }</pre></details>`
      : "";
    const res = `<details><summary>response</summary><pre>${
      escapeHtml(JSON.stringify(responseSchema(op.response), null, 2))
    }</pre></details>`;
    return `<section><h2><code>${op.method.toUpperCase()} ${escapeHtml(op.path)}</code>${
      op.auth ? " <small>(Bearer key)</small>" : ""
    }</h2><p>${escapeHtml(op.summary)}</p>${req}${res}</section>`;
  }).join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kinitro API ${escapeHtml(version)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
h2{font-size:1.05rem;margin-bottom:.2rem}pre{background:#f4f4f4;padding:.5rem;overflow:auto}
section{border-bottom:1px solid #ddd;padding-bottom:.5rem}</style></head>
<body><h1>Kinitro API <small>${escapeHtml(version)}</small></h1>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).
Metrics: <a href="/metrics">/metrics</a>. Every error is
<code>{"error":{"code","message","details?","request_id"}}</code>.</p>
${rows}
</body></html>`;
}

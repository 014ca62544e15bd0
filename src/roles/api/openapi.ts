import { z } from "zod";
import {
  ApiHealthResponseSchema,
  EnvironmentsResponseSchema,
  ErrorEnvelopeSchema,
  FetchTasksRequestSchema,
  FetchTasksResponseSchema,
  HeartbeatRequestSchema,
  HeartbeatResponseSchema,
  MinersResponseSchema,
  ScoresResponseSchema,
  StatusResponseSchema,
  SubmitTasksRequestSchema,
  SubmitTasksResponseSchema,
  TaskStatsResponseSchema,
  WeightsResponseSchema,
} from "../../core/wire/mod.ts";

/** One documented operation. */
export interface Operation {
  method: "get" | "post";
  path: string;
  summary: string;
  auth?: boolean;
  params?: { name: string; in: "path" | "query"; description: string; required: boolean }[];
  request?: z.ZodType;
  response: z.ZodType;
  /** Extra non-2xx statuses besides 400/500. */
  errors?: number[];
}

/** Every route of the API, for the OpenAPI document and the docs page. */
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
      "200": {
        description: "OK",
        content: { "application/json": { schema: z.toJSONSchema(op.response, { io: "output" }) } },
      },
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
            schema: { type: "integer", minimum: 0 },
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
      escapeHtml(JSON.stringify(z.toJSONSchema(op.response, { io: "output" }), null, 2))
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

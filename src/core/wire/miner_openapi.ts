import { z } from "zod";
import {
  ActRequestSchema,
  ActResponseSchema,
  HealthResponseSchema,
  ImageSchema,
  MINER_PROTOCOL_VERSION,
  ResetRequestSchema,
  ResetResponseSchema,
  TaskConfigSchema,
} from "./miner.ts";

function jsonBody(ref: string, description: string) {
  return {
    description,
    content: { "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } },
  };
}

/**
 * The miner protocol as an OpenAPI 3.0 document, generated from the zod schemas so the two
 * cannot drift apart.
 */
export function minerOpenApiDocument(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  registry.add(ImageSchema, { id: "Image" });
  registry.add(TaskConfigSchema, { id: "TaskConfig" });
  registry.add(ResetRequestSchema, { id: "ResetRequest" });
  registry.add(ResetResponseSchema, { id: "ResetResponse" });
  registry.add(ActRequestSchema, { id: "ActRequest" });
  registry.add(ActResponseSchema, { id: "ActResponse" });
  registry.add(HealthResponseSchema, { id: "HealthResponse" });
  const { schemas } = z.toJSONSchema(registry, {
    target: "openapi-3.0",
    io: "input",
    uri: (id) => `#/components/schemas/${id}`,
  });
  // OpenAPI 3.0 schema objects have no `$id`
  for (const schema of Object.values(schemas)) delete (schema as { $id?: string }).$id;
  const failure = { description: "Any other status is a failed call (a miss at /act)" };
  return {
    openapi: "3.0.3",
    info: {
      title: "Kinitro miner policy server",
      version: MINER_PROTOCOL_VERSION,
      description:
        "The HTTP interface a miner's policy server implements. The evaluator calls /reset " +
        "once per episode, then /act once per step within a deadline (500 ms by default).",
    },
    paths: {
      "/health": {
        get: {
          operationId: "health",
          summary: "Liveness check; any 2xx status counts",
          responses: { "200": jsonBody("HealthResponse", "The server is ready") },
        },
      },
      "/reset": {
        post: {
          operationId: "reset",
          summary: "Start an episode",
          requestBody: { required: true, ...jsonBody("ResetRequest", "The episode") },
          responses: { "200": jsonBody("ResetResponse", "Ready for /act"), default: failure },
        },
      },
      "/act": {
        post: {
          operationId: "act",
          summary: "Choose the action for one step",
          requestBody: { required: true, ...jsonBody("ActRequest", "The current observation") },
          responses: { "200": jsonBody("ActResponse", "The action"), default: failure },
        },
      },
    },
    components: { schemas },
  };
}

// The HTTP server of the policy: GET /health, POST /reset, POST /act.
import { Hono } from "hono";
import type { z } from "zod";
import { type Action, type Policy } from "./policy.ts";
import { ActRequestSchema, decodeImage, ResetRequestSchema, toWireAction } from "./protocol.ts";

/** Builds the app around a policy. */
export function createApp(policy: Policy): Hono {
  const app = new Hono();
  let envId = "";

  app.get("/health", (c) => c.json({ status: "ok" }));

  app.post("/reset", async (c) => {
    const body = await parseBody(c.req.raw, ResetRequestSchema);
    if (!body.ok) return c.json({ detail: body.error }, 422);
    const task = body.data.task_config;
    envId = task.env_id;
    await policy.reset(task);
    return c.json({ status: "ok", "episode_id": task.episode_id });
  });

  app.post("/act", async (c) => {
    const body = await parseBody(c.req.raw, ActRequestSchema);
    if (!body.ok) return c.json({ detail: body.error }, 422);
    const req = body.data;
    const images = Object.fromEntries(
      Object.entries(req.images).map(([name, img]) => [name, decodeImage(img)]),
    );
    const [x, y, z, gripper] = req.observation;
    const action: Action = await policy.act({
      envId,
      step: req.step,
      eePos: [x, y, z],
      gripper,
      images,
    });
    return c.json({ action: toWireAction(action) });
  });

  app.onError((err, c) => c.json({ detail: err.message }, 500));
  return app;
}

async function parseBody<T extends z.ZodType>(
  req: Request,
  schema: T,
): Promise<{ ok: true; data: z.output<T> } | { ok: false; error: string }> {
  const json = await req.json().catch(() => undefined);
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, data: parsed.data };
  return {
    ok: false,
    error: parsed.error.issues.map((i) => i.message).join("; "),
  };
}

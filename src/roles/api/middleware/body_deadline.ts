import type { MiddlewareHandler } from "hono";
import { RequestTimeoutError } from "../../../errors/mod.ts";
import type { AppEnv } from "../_env.ts";

/**
 * Gives every request body `ms` milliseconds to arrive: after that its stream fails with
 * {@link RequestTimeoutError} (408), whoever is reading it (the body limit, a JSON parse), so a
 * client trickling bytes cannot hold a connection and a handler forever. Runs before the body
 * limit, which reads chunked bodies itself.
 */
export function bodyDeadline(ms: number): MiddlewareHandler<AppEnv> {
  return async function limitBodyTime(c, next) {
    const body = c.req.raw.body;
    if (!body) return await next();
    const reader = body.getReader();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timed = new ReadableStream<Uint8Array>({
      start(controller) {
        timer = setTimeout(() => {
          const err = new RequestTimeoutError(
            `Cannot accept request body: not received within ${ms} ms`,
          );
          controller.error(err);
          reader.cancel(err).catch(() => {});
        }, ms);
      },
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) {
          clearTimeout(timer);
          controller.close();
        } else {
          controller.enqueue(value);
        }
      },
      cancel(reason) {
        clearTimeout(timer);
        return reader.cancel(reason);
      },
    });
    c.req.raw = new Request(c.req.raw, { body: timed, duplex: "half" } as RequestInit);
    try {
      await next();
    } finally {
      clearTimeout(timer);
    }
  };
}

// One bounded HTTP exchange: deadline over the whole exchange, capped body, checked redirects.
// Folder-private; callers map an HttpFailure to their own error codes.

import type { EndpointGuard } from "./endpoint_guard.ts";

/** Why an exchange failed before a complete response was read. */
export type HttpFailureKind = "timeout" | "connect" | "too_large" | "redirect" | "read";

/** A failed exchange; `kind` tells callers which result code applies. */
export class HttpFailure extends Error {
  override name = "HttpFailure";
  constructor(readonly kind: HttpFailureKind, message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** A response read in full. */
export interface HttpReply {
  status: number;
  headers: Headers;
  body: Uint8Array;
  url: URL;
}

/** One request. */
export interface HttpExchange {
  method: "GET" | "POST";
  url: URL;
  headers?: Record<string, string>;
  body?: string;
  /** Deadline of the whole exchange (connect, redirects, headers and body). */
  timeoutMs: number;
  /** Largest body accepted. */
  maxBytes: number;
  /** Redirects followed (307/308 only, each target checked by the guard). */
  maxRedirects: number;
  /** Aborts the exchange; its reason is rethrown as is. */
  signal?: AbortSignal;
  guard: EndpointGuard;
  fetch: typeof fetch;
}

/**
 * Runs one exchange under a deadline. A caller abort rethrows the caller's reason; all
 * other failures become an {@link HttpFailure}. Guard refusals propagate unchanged.
 */
export async function exchange(req: HttpExchange): Promise<HttpReply> {
  const deadline = AbortSignal.timeout(req.timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, deadline]) : deadline;
  try {
    return await exchangeUnder(req, signal);
  } catch (err) {
    if (req.signal?.aborted) throw req.signal.reason;
    if (deadline.aborted) {
      throw new HttpFailure("timeout", `no complete response within ${req.timeoutMs} ms`, {
        cause: err,
      });
    }
    throw err;
  }
}

async function exchangeUnder(req: HttpExchange, signal: AbortSignal): Promise<HttpReply> {
  let url = req.url;
  const origin = url.origin;
  for (let hop = 0;; hop++) {
    await req.guard.check(url, signal, hop > 0);
    const headers: Record<string, string> = { ...req.headers };
    // never hand credentials to another origin
    if (url.origin !== origin) delete headers["authorization"];
    if (req.body !== undefined) headers["content-type"] = "application/json";
    let res: Response;
    try {
      res = await req.fetch(url, {
        method: req.method,
        headers,
        body: req.body,
        redirect: "manual",
        signal,
      });
    } catch (cause) {
      if (signal.aborted) throw cause;
      throw new HttpFailure("connect", `cannot connect: ${messageOf(cause)}`, { cause });
    }
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel().catch(() => {});
      const location = res.headers.get("location");
      if ((res.status !== 307 && res.status !== 308) || location === null) {
        throw new HttpFailure("redirect", `redirect "${res.status}" is not followed`);
      }
      if (hop >= req.maxRedirects) {
        throw new HttpFailure("redirect", `more than ${req.maxRedirects} redirects`);
      }
      url = new URL(location, url);
      continue;
    }
    const body = await readCapped(res, req.maxBytes, signal);
    return { status: res.status, headers: res.headers, body, url };
  }
}

/** Reads a body, refusing it as soon as it exceeds `maxBytes` (it is never buffered whole). */
export async function readCapped(
  res: Response,
  maxBytes: number,
  signal: AbortSignal,
): Promise<Uint8Array> {
  const tooLarge = () => new HttpFailure("too_large", `response body exceeds ${maxBytes} bytes`);
  const declared = Number(res.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) {
    await res.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (res.body === null) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch (cause) {
    if (cause instanceof HttpFailure || signal.aborted) throw cause;
    throw new HttpFailure("read", `cannot read the response: ${messageOf(cause)}`, { cause });
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

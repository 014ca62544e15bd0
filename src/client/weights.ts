import { UpstreamError } from "../errors/mod.ts";

/** Options of {@link fetchLatestWeights}. */
export interface FetchWeightsOptions {
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Cancels the request. */
  signal?: AbortSignal;
  /** @default 30000 */
  timeoutMs?: number;
}

/**
 * `GET {baseUrl}/v1/weights/latest`. Returns the JSON body unchecked (the caller verifies it
 * with `SignedWeightsSchema` and the signature), or null when the API has no weights yet (404).
 *
 * @throws {UpstreamError} when the API is unreachable, answers another error status or not JSON
 */
export async function fetchLatestWeights(
  baseUrl: string,
  options: FetchWeightsOptions = {},
): Promise<unknown | null> {
  const url = new URL("v1/weights/latest", baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`);
  const controller = new AbortController();
  const timeoutMs = options.timeoutMs ?? 30_000;
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const onAbort = () => controller.abort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const res = await (options.fetch ?? fetch)(url, {
      headers: { accept: "application/json" },
      signal: controller.signal,
    });
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new UpstreamError(`Cannot fetch weights from "${url}": API returned ${res.status}`);
    }
    try {
      return await res.json();
    } catch (err) {
      throw new UpstreamError(`Cannot fetch weights from "${url}": body is not JSON`, {
        cause: err,
      });
    }
  } catch (err) {
    if (err instanceof UpstreamError) throw err;
    if (options.signal?.aborted) throw err;
    const why = controller.signal.aborted ? `no answer within ${timeoutMs} ms` : String(err);
    throw new UpstreamError(`Cannot fetch weights from "${url}": ${why}`, { cause: err });
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  }
}

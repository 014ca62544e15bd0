import type { CommitmentTarget, EndpointResolver } from "./deps.ts";

/** Options of {@link createChutesResolver}. */
export interface ChutesResolverOptions {
  /** Chutes API key (`cpk_…`), sent as `Authorization`. */
  apiKey: string;
  /** @default "https://api.chutes.ai" */
  apiUrl?: string;
  /** Per-request timeout in milliseconds. @default 10000 */
  timeoutMs?: number;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

const SLUG_REGEXP = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/**
 * An {@link EndpointResolver} for Chutes: a target with a direct `endpoint` keeps it; a
 * chute id is looked up with `GET {apiUrl}/chutes/{chuteId}` (the slug cannot be derived from
 * the id) and becomes `https://{slug}.chutes.ai`. Nothing is cached: every cycle sees the
 * chute's current slug.
 *
 * @throws {Error} (from the returned function) when the lookup fails; the scheduler logs it
 *   and skips the miner
 */
export function createChutesResolver(options: ChutesResolverOptions): EndpointResolver {
  const apiUrl = (options.apiUrl ?? "https://api.chutes.ai").replace(/\/+$/, "");
  const doFetch = options.fetch ?? fetch;
  async function lookup(chuteId: string): Promise<string> {
    const res = await doFetch(`${apiUrl}/chutes/${encodeURIComponent(chuteId)}`, {
      headers: { Authorization: options.apiKey, Accept: "application/json" },
      redirect: "error",
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    if (!res.ok) {
      await res.body?.cancel();
      throw new Error(`Chutes API answered ${res.status} for chute "${chuteId}"`);
    }
    const body = await res.json() as { slug?: unknown };
    if (typeof body.slug !== "string" || !SLUG_REGEXP.test(body.slug)) {
      throw new Error(`Chutes API returned no valid slug for chute "${chuteId}"`);
    }
    return `https://${body.slug}.chutes.ai`;
  }
  return (target: CommitmentTarget) => {
    if (target.endpoint) return Promise.resolve(target.endpoint.replace(/\/+$/, ""));
    if (!target.chuteId) return Promise.resolve(null);
    return lookup(target.chuteId);
  };
}

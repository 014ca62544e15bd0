import { z } from "zod";
import { MinerError, UpstreamError } from "../errors/mod.ts";
import type { Logger } from "../log/mod.ts";
import { exchange, HttpFailure } from "./_http.ts";
import { EndpointGuard } from "./endpoint_guard.ts";
import { MinerClient, type MinerClientOptions } from "./miner.ts";

/** Default Chutes API. */
export const DEFAULT_CHUTES_API_URL = "https://api.chutes.ai";
/** Default invocation URL of a chute; `{slug}` is replaced. */
export const DEFAULT_CHUTES_INVOKE_URL = "https://{slug}.chutes.ai";

const UUID_REGEXP = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SLUG_REGEXP = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Options of the Chutes functions. */
export interface ChutesOptions {
  /** The operator's Chutes API key, sent as `Authorization` to the API and to chutes. */
  apiKey: string;
  /** @default "https://api.chutes.ai" */
  apiUrl?: string;
  /** Invocation URL template; `{slug}` is replaced by the chute's slug. @default "https://{slug}.chutes.ai" */
  invokeUrl?: string;
  /** Deadline of one Chutes API request. @default 10000 */
  timeoutMs?: number;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** @default none */
  log?: Logger;
}

/** A chute resolved through the Chutes API. */
export interface ChuteInfo {
  chuteId: string;
  slug: string;
  /** Where the chute's policy server answers, e.g. `https://user-policy.chutes.ai`. */
  baseUrl: string;
  /** Whether the chute is public (a private chute must be shared with the operator). */
  public: boolean | null;
}

const ChuteResponseSchema = z.looseObject({
  chute_id: z.string(),
  slug: z.string(),
  public: z.boolean().optional(),
});

/** Whether an endpoint reference is a chute id (UUID) rather than a URL. */
export function isChuteId(ref: string): boolean {
  return UUID_REGEXP.test(ref);
}

function apiRequest(path: string, options: ChutesOptions, maxBytes: number, timeoutMs?: number) {
  const base = new URL(options.apiUrl ?? DEFAULT_CHUTES_API_URL);
  if (!base.pathname.endsWith("/")) base.pathname += "/";
  return exchange({
    method: "GET",
    url: new URL(path, base),
    headers: { authorization: options.apiKey },
    timeoutMs: timeoutMs ?? options.timeoutMs ?? 10_000,
    maxBytes,
    maxRedirects: 0,
    // the API URL is operator configuration, not miner input
    guard: new EndpointGuard({ allowPrivateEndpoints: true }),
    fetch: options.fetch ?? globalThis.fetch,
  });
}

/**
 * Resolves a chute id to its slug and invocation URL with `GET {apiUrl}/chutes/{id}`.
 *
 * @throws {MinerError} `miner_unavailable` when the chute does not exist, is not shared
 * with the operator, or has an unusable slug
 * @throws {UpstreamError} when the Chutes API is unreachable, refuses the key or answers
 * nonsense
 */
export async function resolveChute(chuteId: string, options: ChutesOptions): Promise<ChuteInfo> {
  const where = `Cannot resolve chute "${chuteId}"`;
  if (!isChuteId(chuteId)) {
    throw new MinerError("miner_unavailable", `${where}: not a UUID`);
  }
  let reply;
  try {
    reply = await apiRequest(`chutes/${chuteId.toLowerCase()}`, options, 1024 * 1024);
  } catch (err) {
    if (err instanceof HttpFailure) {
      throw new UpstreamError(`${where}: Chutes API: ${err.message}`, { cause: err });
    }
    throw err;
  }
  if (reply.status === 404) {
    throw new MinerError("miner_unavailable", `${where}: no such chute, or it is not shared`);
  }
  if (reply.status < 200 || reply.status > 299) {
    throw new UpstreamError(`${where}: Chutes API returned ${reply.status}`);
  }
  let parsed;
  try {
    parsed = ChuteResponseSchema.safeParse(JSON.parse(new TextDecoder().decode(reply.body)));
  } catch {
    parsed = { success: false as const };
  }
  if (!parsed.success) {
    throw new UpstreamError(`${where}: Chutes API answered without a chute_id and slug`);
  }
  const slug = parsed.data.slug.toLowerCase();
  if (!SLUG_REGEXP.test(slug)) {
    throw new MinerError(
      "miner_unavailable",
      `${where}: slug "${parsed.data.slug}" is not a DNS label`,
    );
  }
  const baseUrl = (options.invokeUrl ?? DEFAULT_CHUTES_INVOKE_URL).replaceAll("{slug}", slug);
  return { chuteId: parsed.data.chute_id, slug, baseUrl, public: parsed.data.public ?? null };
}

/** Options of {@link warmUpChute}. */
export interface WarmUpOptions extends ChutesOptions {
  /** Longest time to follow the warm-up stream. @default 300000 */
  maxWaitMs?: number;
}

/**
 * Asks Chutes to start an instance (`GET {apiUrl}/chutes/warmup/{id}`) and follows its
 * event stream (`data: {"status": "cold" | "hot", ...}` lines) until it reports `"hot"`.
 * Returns whether it did within `maxWaitMs`; never throws for Chutes failures.
 */
export async function warmUpChute(chuteId: string, options: WarmUpOptions): Promise<boolean> {
  const base = new URL(options.apiUrl ?? DEFAULT_CHUTES_API_URL);
  if (!base.pathname.endsWith("/")) base.pathname += "/";
  const url = new URL(`chutes/warmup/${chuteId.toLowerCase()}`, base);
  const signal = AbortSignal.timeout(options.maxWaitMs ?? 300_000);
  try {
    const res = await (options.fetch ?? globalThis.fetch)(url, {
      headers: { authorization: options.apiKey },
      redirect: "manual",
      signal,
    });
    if (res.status < 200 || res.status > 299 || res.body === null) {
      await res.body?.cancel();
      options.log?.warn("Chute warm-up refused", { chuteId, status: res.status });
      return false;
    }
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = "";
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return false;
      total += value.length;
      buffered = (buffered + value).slice(-4096);
      if (/"status"\s*:\s*"hot"/.test(buffered)) {
        await reader.cancel();
        return true;
      }
      if (total > 4 * 1024 * 1024) {
        await reader.cancel();
        return false;
      }
    }
  } catch (err) {
    options.log?.warn("Chute warm-up failed", { chuteId, error: err });
    return false;
  }
}

/** Options of {@link connectMiner}. */
export interface ConnectMinerOptions extends MinerClientOptions {
  /** Needed for chute ids; the key also goes to the chute as `Authorization`. */
  chutes?: ChutesOptions;
}

/**
 * Creates the client of a committed endpoint: a chute id is resolved through Chutes (its
 * cold starts trigger a warm-up), an `http(s)://` URL is used as is (local development;
 * still subject to the endpoint guard).
 *
 * @throws {MinerError} / {UpstreamError} from {@link resolveChute}
 */
export async function connectMiner(
  endpoint: string,
  options: ConnectMinerOptions = {},
): Promise<MinerClient> {
  if (/^https?:\/\//i.test(endpoint)) return new MinerClient(endpoint, options);
  const chutes = options.chutes;
  if (!chutes) {
    throw new MinerError(
      "miner_unavailable",
      `Cannot call miner "${endpoint}": a chute id needs a Chutes API key`,
    );
  }
  const info = await resolveChute(endpoint, chutes);
  return new MinerClient(info.baseUrl, {
    ...options,
    authorization: options.authorization ?? chutes.apiKey,
    onColdStart() {
      // followed in the background: /reset keeps retrying while the chute starts
      void warmUpChute(info.chuteId, chutes);
      return options.onColdStart?.();
    },
  });
}

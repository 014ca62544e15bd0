import { MinerError, PrivateEndpointError } from "../errors/mod.ts";
import type { Logger } from "../log/mod.ts";
import { classifyAddress } from "./_ip.ts";

/** The flag that lets an executor call non-public miner endpoints. */
export const ALLOW_PRIVATE_FLAG = "--allow-private-endpoints";

/** Whether this thread has warned about a refused non-public endpoint yet (once is enough). */
let warnedPrivate = false;

/**
 * Whether `hostname` (a name or an IP literal) is loopback, private or otherwise non-public,
 * without resolving names other than `localhost`.
 */
export function isNonPublicHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  const c = classifyAddress(host);
  return c !== undefined && c !== null;
}

/** Resolves a host name to its IPv4 and IPv6 addresses. */
export type ResolveHost = (hostname: string, signal: AbortSignal) => Promise<string[]>;

/** Options of {@link EndpointGuard}. */
export interface EndpointGuardOptions {
  /** Allow loopback, private, link-local and other non-public addresses (local development). @default false */
  allowPrivateEndpoints?: boolean;
  /** Name resolution. @default A and AAAA lookups with `Deno.resolveDns` */
  resolveHost?: ResolveHost;
  /** How long a verdict on a host name is reused. @default 60000 */
  cacheTtlMs?: number;
  /** Deadline of one name resolution. @default 5000 */
  resolveTimeoutMs?: number;
  /** Clock in milliseconds. @default Date.now */
  now?: () => number;
  /** Where the first refusal of a non-public endpoint is warned about. @default none */
  log?: Logger;
}

/** Resolves A and AAAA records with `Deno.resolveDns`; a missing record type is not an error. */
export async function resolveHostDns(hostname: string, signal: AbortSignal): Promise<string[]> {
  const lookups = await Promise.allSettled([
    Deno.resolveDns(hostname, "A", { signal }),
    Deno.resolveDns(hostname, "AAAA", { signal }),
  ]);
  const addresses = lookups.flatMap((r) => (r.status === "fulfilled" ? r.value : []));
  if (addresses.length === 0) {
    const failed = lookups.find((r) => r.status === "rejected");
    throw failed?.reason ?? new Error("no A or AAAA records");
  }
  return addresses;
}

/**
 * Refuses miner endpoints that point at loopback, private, link-local, cloud-metadata,
 * CGNAT, multicast, unspecified or other non-public addresses, checking IP literals
 * directly and host names after resolving them. Miner endpoints come from untrusted chain
 * commitments, so this runs before every request (verdicts are cached per host).
 *
 * Limitation: `fetch` resolves the name again, so a DNS server that answers differently
 * within the cache period (rebinding) is not caught; the cache keeps that window short.
 */
export class EndpointGuard {
  readonly allowPrivateEndpoints: boolean;
  #resolveHost: ResolveHost;
  #ttlMs: number;
  #resolveTimeoutMs: number;
  #now: () => number;
  #log?: Logger;
  #cache = new Map<string, { expires: number; reason: string | null }>();

  constructor(options: EndpointGuardOptions = {}) {
    this.allowPrivateEndpoints = options.allowPrivateEndpoints ?? false;
    this.#resolveHost = options.resolveHost ?? resolveHostDns;
    this.#ttlMs = options.cacheTtlMs ?? 60_000;
    this.#resolveTimeoutMs = options.resolveTimeoutMs ?? 5000;
    this.#now = options.now ?? Date.now;
    this.#log = options.log;
  }

  /**
   * Checks that `url` may be called. `signal` bounds the name resolution (it rejects with
   * the signal's reason).
   *
   * @throws {MinerError} `miner_unavailable` when the URL is not http(s), carries
   * credentials or cannot be resolved
   * @throws {PrivateEndpointError} when it reaches a non-public address (an operator setting;
   * a redirect there, `redirected`, is the miner's: `miner_unavailable`)
   */
  async check(url: URL, signal?: AbortSignal, redirected = false): Promise<void> {
    const where = `Cannot call miner endpoint "${url.origin}"`;
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new MinerError(
        "miner_unavailable",
        `${where}: scheme "${url.protocol}" is not http(s)`,
      );
    }
    if (url.username || url.password) {
      throw new MinerError("miner_unavailable", `${where}: URLs with credentials are refused`);
    }
    if (this.allowPrivateEndpoints) return;
    const host = url.hostname.toLowerCase();
    const cached = this.#cache.get(host);
    const reason = cached && cached.expires > this.#now()
      ? cached.reason
      : await this.#classifyHost(host, where, signal);
    if (reason !== null && redirected) {
      // The miner's public endpoint sent us to a non-public address: its doing, not ours.
      throw new MinerError("miner_unavailable", `${where} (redirect): ${reason}`);
    }
    if (reason !== null) {
      const message = `${where}: ${reason}; non-public miner endpoints are refused unless the ` +
        `executor runs with ${ALLOW_PRIVATE_FLAG} (private test networks only)`;
      if (!warnedPrivate) {
        warnedPrivate = true;
        this.#log?.warn(
          `Refusing a non-public miner endpoint: such episodes end infra_error (not the ` +
            `miner's fault); pass ${ALLOW_PRIVATE_FLAG} on a private test network`,
          { endpoint: url.origin, reason },
        );
      }
      throw new PrivateEndpointError(message);
    }
  }

  async #classifyHost(host: string, where: string, signal?: AbortSignal): Promise<string | null> {
    let reason: string | null;
    const literal = classifyAddress(host);
    if (literal !== undefined) {
      reason = literal === null ? null : `address "${host}" is ${literal}`;
    } else if (host === "localhost" || host.endsWith(".localhost")) {
      reason = `host "${host}" is loopback`;
    } else {
      let addresses: string[];
      try {
        const timeout = AbortSignal.timeout(this.#resolveTimeoutMs);
        const both = signal ? AbortSignal.any([signal, timeout]) : timeout;
        addresses = await abortable(this.#resolveHost(host, both), both);
      } catch (cause) {
        if (signal?.aborted) throw cause;
        // not cached: resolution failures are often transient
        throw new MinerError("miner_unavailable", `${where}: cannot resolve "${host}"`, { cause });
      }
      reason = null;
      for (const a of addresses) {
        const r = classifyAddress(a);
        if (r === undefined) reason = `host "${host}" resolves to "${a}", not an IP address`;
        else if (r !== null) reason = `host "${host}" resolves to "${a}", which is ${r}`;
        if (reason !== null) break;
      }
    }
    this.#cache.set(host, { expires: this.#now() + this.#ttlMs, reason });
    return reason;
  }
}

/** Settles with `p`, or rejects with the signal's reason as soon as it aborts. */
function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

import type { Logger } from "../../log/mod.ts";
import { defaultEndpoint, type EndpointResolver, type MinerSource } from "./deps.ts";
import type { ScheduledMiner } from "./task_generator.ts";

/** Endpoint lookups (e.g. the Chutes API) run at most this many at a time. */
const RESOLVE_CONCURRENCY = 8;

/** Miners to evaluate and the block at which they were read. */
export interface MinerRoster {
  block: number;
  miners: ScheduledMiner[];
  /** Commitments left out, with the reason (logged). */
  skipped: { uid: number | null; hotkey: string; reason: string }[];
}

/**
 * Reads the chain's block and every commitment, and keeps the miners that can be
 * evaluated: registered (a uid), a commitment that parses, and an endpoint. Anything else is
 * skipped with a logged reason, never scheduled.
 */
export async function readMiners(
  chain: MinerSource,
  options: { log: Logger; resolveEndpoint?: EndpointResolver },
): Promise<MinerRoster> {
  const resolve = options.resolveEndpoint ?? defaultEndpoint;
  const block = await chain.currentBlock();
  const entries = await chain.commitments();
  const miners: ScheduledMiner[] = [];
  const skipped: MinerRoster["skipped"] = [];
  const seen = new Set<number>();
  const skip = (e: { uid: number | null; hotkey: string }, reason: string) => {
    skipped.push({ uid: e.uid, hotkey: e.hotkey, reason });
    options.log.warn("Skipping miner", { minerUid: e.uid, hotkey: e.hotkey, reason });
  };
  const candidates: { uid: number; entry: (typeof entries)[number] & { ok: true } }[] = [];
  for (const e of entries) {
    if (e.uid === null) skip(e, "hotkey is not registered on the subnet");
    else if (seen.has(e.uid)) skip(e, "uid appears twice in the commitments");
    else if (!e.ok) skip(e, `commitment does not parse: ${e.reason}`);
    else {
      seen.add(e.uid);
      candidates.push({ uid: e.uid, entry: e });
    }
  }
  const endpoints = await mapLimit(candidates, RESOLVE_CONCURRENCY, async ({ entry }) => {
    try {
      return { endpoint: await resolve(entry.target) };
    } catch (err) {
      return { error: (err as Error).message };
    }
  });
  candidates.forEach(({ uid, entry }, i) => {
    const r = endpoints[i];
    if ("error" in r) return skip(entry, `cannot resolve the endpoint: ${r.error}`);
    if (!r.endpoint) {
      return skip(entry, "the commitment names no endpoint or chute");
    }
    miners.push({
      uid,
      hotkey: entry.hotkey,
      endpoint: r.endpoint,
      commitment: entry.raw || null,
      commitBlock: entry.block,
    });
  });
  miners.sort((a, b) => a.uid - b.uid);
  return { block, miners, skipped };
}

async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

import type { Logger } from "../../log/mod.ts";
import { directEndpoint, type EndpointResolver, type MinerSource } from "./deps.ts";
import type { ScheduledMiner } from "./task_generator.ts";

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
  const resolve = options.resolveEndpoint ?? directEndpoint;
  const block = await chain.currentBlock();
  const entries = await chain.commitments();
  const miners: ScheduledMiner[] = [];
  const skipped: MinerRoster["skipped"] = [];
  const seen = new Set<number>();
  for (const e of entries) {
    const skip = (reason: string) => {
      skipped.push({ uid: e.uid, hotkey: e.hotkey, reason });
      options.log.warn("Skipping miner", { minerUid: e.uid, hotkey: e.hotkey, reason });
    };
    if (e.uid === null) {
      skip("hotkey is not registered on the subnet");
      continue;
    }
    if (seen.has(e.uid)) {
      skip("uid appears twice in the commitments");
      continue;
    }
    if (!e.ok) {
      skip(`commitment does not parse: ${e.reason}`);
      continue;
    }
    let endpoint: string | null;
    try {
      endpoint = await resolve(e.target);
    } catch (err) {
      skip(`cannot resolve the endpoint: ${(err as Error).message}`);
      continue;
    }
    if (!endpoint) {
      skip("no endpoint for the commitment (Chutes resolution is not configured)");
      continue;
    }
    seen.add(e.uid);
    miners.push({
      uid: e.uid,
      hotkey: e.hotkey,
      endpoint,
      commitment: e.raw || null,
      commitBlock: e.block,
    });
  }
  miners.sort((a, b) => a.uid - b.uid);
  return { block, miners, skipped };
}

// Timelocked (commit-reveal v3) reads and calls of SubtensorChain, chosen from the connected
// runtime's metadata: storage and call names changed between runtime generations.
import type { ApiPromise } from "@polkadot/api";
import type { ApiDecoration, SubmittableExtrinsic } from "@polkadot/api/types";
import type { Codec } from "@polkadot/types/types";
import { u8aToHex } from "@polkadot/util";
import { DRAND_QUICKNET, type DrandBeacon } from "./drand.ts";
import { toSs58 } from "./hotkey.ts";
import type {
  PendingCommit,
  TimelockedCommitCall,
  TimelockedCommitRequest,
  TimelockInfo,
} from "./types.ts";

type At = ApiDecoration<"promise">;
type Query = (...args: unknown[]) => Promise<Codec>;
type Entries = { entries(...args: unknown[]): Promise<[{ args: Codec[] }, Codec][]> };

/** The newest timelocked commit call the runtime offers. */
export function timelockedCommitCall(api: ApiPromise): TimelockedCommitCall | null {
  const tx = api.tx.subtensorModule;
  if (tx.commitTimelockedMechanismWeights) return "commit_timelocked_mechanism_weights";
  if (tx.commitTimelockedWeights) return "commit_timelocked_weights";
  if (tx.commitCrv3Weights) return "commit_crv3_weights";
  return null;
}

/** Builds the commit extrinsic for the call the runtime offers (mechanism 0). */
export function commitExtrinsic(
  api: ApiPromise,
  netuid: number,
  call: TimelockedCommitCall,
  request: TimelockedCommitRequest,
): SubmittableExtrinsic<"promise"> {
  const tx = api.tx.subtensorModule;
  const commit = u8aToHex(request.commit);
  const round = request.revealRound.toString();
  switch (call) {
    case "commit_timelocked_mechanism_weights":
      return tx.commitTimelockedMechanismWeights(
        netuid,
        0,
        commit,
        round,
        request.commitRevealVersion,
      );
    case "commit_timelocked_weights":
      return tx.commitTimelockedWeights(netuid, commit, round, request.commitRevealVersion);
    case "commit_crv3_weights":
      return tx.commitCrv3Weights(netuid, commit, round);
  }
}

/** Reads `Drand.BeaconConfig` and `Drand.LastStoredRound`, and the runtime's block time. */
export async function readTimelockInfo(api: ApiPromise, at: At): Promise<TimelockInfo> {
  const drand = at.query.drand as Record<string, Query> | undefined;
  const [config, last] = await Promise.all([
    drand?.beaconConfig?.() ?? null,
    drand?.lastStoredRound?.() ?? null,
  ]);
  return {
    beacon: beaconOf(config),
    lastStoredRound: last === null ? 0n : BigInt(last.toString()),
    blockTimeMs: blockTimeMs(api),
    call: timelockedCommitCall(api),
  };
}

function beaconOf(config: Codec | null): DrandBeacon {
  const c = config as unknown as {
    publicKey?: Codec & { toU8a(bare: boolean): Uint8Array };
    period?: Codec;
    genesisTime?: Codec;
  } | null;
  const publicKey = c?.publicKey?.toU8a(true);
  const period = Number(c?.period?.toString() ?? 0);
  const genesisTime = Number(c?.genesisTime?.toString() ?? 0);
  if (!publicKey || publicKey.length !== 96 || period <= 0 || genesisTime <= 0) {
    return { ...DRAND_QUICKNET };
  }
  return { publicKey, periodSeconds: period, genesisTime };
}

function blockTimeMs(api: ApiPromise): number {
  const consts = api.consts as Record<string, Record<string, Codec> | undefined>;
  const slot = consts.aura?.slotDuration;
  if (slot) return Number(slot.toString());
  const minimum = consts.timestamp?.minimumPeriod;
  if (minimum) return 2 * Number(minimum.toString());
  return 12_000;
}

/**
 * Pending commits of mechanism 0 from whichever map the runtime has:
 * `TimelockedWeightCommits` or `CRV3WeightCommitsV2` `(who, block, commit, round)`, or the older
 * `CRV3WeightCommits` `(who, commit, round)`.
 */
export async function readPendingCommits(at: At, netuid: number): Promise<PendingCommit[]> {
  const q = at.query.subtensorModule as unknown as Record<string, Entries | undefined>;
  const map = q.timelockedWeightCommits ?? q.crv3WeightCommitsV2 ?? q.crv3WeightCommits;
  if (!map) return [];
  const out: PendingCommit[] = [];
  for (const [key, value] of await map.entries(netuid)) {
    const epoch = Number(key.args[1].toString());
    for (const item of value as unknown as Codec[][]) {
      const withBlock = item.length === 4;
      const commit = item[withBlock ? 2 : 1] as Codec & { toU8a(bare: boolean): Uint8Array };
      out.push({
        hotkey: toSs58(item[0].toU8a()),
        epoch,
        commitBlock: withBlock ? Number(item[1].toString()) : null,
        revealRound: BigInt(item[withBlock ? 3 : 2].toString()),
        commit: commit.toU8a(true),
      });
    }
  }
  return out.sort((a, b) => a.epoch - b.epoch || (a.commitBlock ?? 0) - (b.commitBlock ?? 0));
}

/** The signature bytes of `Drand.Pulses(round)`, or null when the chain does not hold it. */
export async function readPulse(at: At, round: bigint): Promise<Uint8Array | null> {
  const drand = at.query.drand as Record<string, Query> | undefined;
  if (!drand?.pulses) return null;
  const pulse = (await drand.pulses(round.toString())) as unknown as {
    isSome: boolean;
    unwrap(): { signature: Codec & { toU8a(bare: boolean): Uint8Array } };
  };
  if (!pulse.isSome) return null;
  const bytes = pulse.unwrap().signature.toU8a(true);
  // The chain tolerates a literal "0x" before the 48 signature bytes; so do we.
  return bytes.length === 50 && bytes[0] === 0x30 && bytes[1] === 0x78 ? bytes.slice(2) : bytes;
}

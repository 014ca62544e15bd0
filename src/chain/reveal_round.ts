import { DRAND_QUICKNET } from "./drand.ts";

/** Inputs of {@link revealRound}. */
export interface RevealRoundParams {
  /** Current chain block. */
  block: number;
  netuid: number;
  /** Mechanism id; its storage index is `mechanismId * 4096 + netuid`. @default 0 */
  mechanismId?: number;
  /** `Tempo(netuid)`: an epoch lasts `tempo + 1` blocks. */
  tempo: number;
  /** `RevealPeriodEpochs(netuid)`. */
  revealPeriodEpochs: number;
  /** Wall-clock time in (possibly fractional) Unix seconds. */
  nowSeconds: number;
  /** Seconds per block. @default 12 */
  blockTimeSeconds?: number;
  /** Unix time of the beacon's round 1. @default quicknet's 1692803367 */
  genesisTime?: number;
  /** Seconds per beacon round. @default 3 */
  periodSeconds?: number;
}

/** Mechanisms share a subnet's storage in blocks of this many netuids. */
export const GLOBAL_MAX_SUBNET_COUNT = 4096;
/** Blocks after the first block of the reveal epoch at which the pulse should be stored. */
const SECURITY_BLOCK_OFFSET = 3;

/**
 * The drand round to encrypt weights to, as the Python SDK (`bittensor_drand`) computes it:
 * the pulse due about three blocks into the first block of the epoch `revealPeriodEpochs`
 * after the current one, so that the chain can open the commit early in its reveal epoch.
 *
 * With `n = mechanismId * 4096 + netuid`: `epoch = floor((block + n + 1) / (tempo + 1))`,
 * `first = (epoch + revealPeriodEpochs) * (tempo + 1) - (n + 1)`,
 * `secs = max(0, first + 3 - block) * blockTime`,
 * `round = max(1, floor((now + secs - genesis) / period))`.
 *
 * @throws {RangeError} for negative or non-integer blocks, ids or periods
 */
export function revealRound(p: RevealRoundParams): bigint {
  const mechanismId = p.mechanismId ?? 0;
  for (
    const [name, value] of Object.entries({
      block: p.block,
      netuid: p.netuid,
      mechanismId,
      tempo: p.tempo,
      revealPeriodEpochs: p.revealPeriodEpochs,
    })
  ) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(
        `Cannot compute the reveal round: ${name} "${value}" is not a whole number`,
      );
    }
  }
  if (!Number.isFinite(p.nowSeconds)) {
    throw new RangeError(
      `Cannot compute the reveal round: nowSeconds "${p.nowSeconds}" is not finite`,
    );
  }
  const blockTime = p.blockTimeSeconds ?? 12;
  const genesis = p.genesisTime ?? DRAND_QUICKNET.genesisTime;
  const period = p.periodSeconds ?? DRAND_QUICKNET.periodSeconds;
  const tempoPlusOne = p.tempo + 1;
  const netuidPlusOne = mechanismId * GLOBAL_MAX_SUBNET_COUNT + p.netuid + 1;
  const epoch = Math.floor((p.block + netuidPlusOne) / tempoPlusOne);
  const firstRevealBlock = Math.max(
    0,
    (epoch + p.revealPeriodEpochs) * tempoPlusOne - netuidPlusOne,
  );
  const blocksUntil = Math.max(0, firstRevealBlock + SECURITY_BLOCK_OFFSET - p.block);
  // Same float operations in the same order as the Rust reference (f64 seconds).
  const target = p.nowSeconds + blocksUntil * blockTime;
  const round = Math.floor((target - genesis) / period);
  return BigInt(Math.max(1, round));
}

import {
  type Chain,
  ChainTxError,
  type Hotkey,
  type TxReceipt,
  verifyWeights,
} from "../../chain/mod.ts";
import type { WeightsRecord } from "../../core/wire/mod.ts";
import { ConfigError, ValidationError } from "../../errors/mod.ts";
import type { Logger } from "../../log/mod.ts";

/** What one validator iteration needs. */
export interface StepDeps {
  chain: Chain;
  hotkey: Hotkey;
  /** Returns the latest weights document from the API, or null when there is none. */
  fetchWeights(): Promise<unknown | null>;
  log: Logger;
  /** Writes one result line to stdout (dry run). */
  print(text: string): void;
  /** The operator address the weights must be signed by. */
  operatorSs58: string;
  /** Re-set unchanged weights after this many blocks since the last update. */
  refreshBlocks: number;
  /** Version key to send instead of the subnet's `WeightsVersionKey`. */
  versionKey?: bigint;
  /** Print instead of submitting. */
  dryRun: boolean;
}

/** What the validator remembers between iterations. */
export interface ValidatorState {
  /** The record last set (or printed in a dry run) and the chain block it was set at. */
  last?: { cycleId: number | string; block: number; setAt: number };
}

/** The weights a step submits (or would submit). */
export interface Submission {
  netuid: number;
  cycleId: number | string;
  recordBlock: number;
  uids: number[];
  weights: number[];
  versionKey: bigint;
  /** uids left out because their hotkey changed since the weights were computed. */
  dropped: number[];
}

/** Outcome of one {@link runValidatorStep}. */
export type StepResult =
  | { action: "no-weights" }
  | { action: "up-to-date"; blocksSinceUpdate: number }
  | { action: "nothing-to-set"; dropped: number[] }
  | { action: "rate-limited"; waitBlocks: number }
  | { action: "dry-run"; submission: Submission }
  | { action: "submitted"; submission: Submission; receipt: TxReceipt };

/**
 * One validator iteration: fetch the latest weights, verify the operator's signature, keep
 * only uids whose hotkey is unchanged, and set them on chain unless they are already there
 * and fresh, or the rate limit forbids it.
 *
 * @throws {AuthError | ValidationError} for weights that are not trusted
 * @throws {ConfigError} when our hotkey is not registered on the subnet
 * @throws {ChainTxError} when the chain refuses the weights
 */
export async function runValidatorStep(
  state: ValidatorState,
  deps: StepDeps,
): Promise<StepResult> {
  const { chain, log } = deps;
  const doc = await deps.fetchWeights();
  if (doc === null) return { action: "no-weights" };
  const record = await verifyWeights(doc, { expectedSigner: deps.operatorSs58 });
  if (record.netuid !== chain.netuid) {
    throw new ValidationError(
      `Cannot use weights of cycle "${record.cycle_id}": they are for netuid ${record.netuid}, ` +
        `this validator runs netuid ${chain.netuid}`,
    );
  }
  const metagraph = await chain.metagraph();
  const own = metagraph.neurons.find((n) => n.hotkey === deps.hotkey.address);
  if (!own) {
    throw new ConfigError(
      `Cannot set weights: hotkey "${deps.hotkey.address}" is not registered on netuid ` +
        `${chain.netuid}`,
    );
  }
  const block = metagraph.block;
  const lastSet = Math.max(own.lastUpdate, state.last?.setAt ?? 0);
  const same = state.last?.cycleId === record.cycle_id && state.last.block === record.block;
  if (same && block - lastSet < deps.refreshBlocks) {
    return { action: "up-to-date", blocksSinceUpdate: block - lastSet };
  }

  const { uids, weights, dropped } = keepUnchanged(record, metagraph.neurons);
  if (dropped.length > 0) {
    log.warn("Dropped uids whose hotkey changed", { cycleId: record.cycle_id, dropped });
  }
  if (uids.length === 0) return { action: "nothing-to-set", dropped };

  const policy = await chain.weightsPolicy();
  const action = `set weights on netuid ${chain.netuid}`;
  if (policy.commitRevealEnabled) {
    throw new ChainTxError(action, "SubtensorModule.CommitRevealEnabled");
  }
  let versionKey = deps.versionKey ?? policy.versionKey;
  if (versionKey < policy.versionKey) {
    log.warn("Configured version key is below the subnet's; using the subnet's", {
      configured: String(versionKey),
      subnet: String(policy.versionKey),
    });
    versionKey = policy.versionKey;
  }
  const submission: Submission = {
    netuid: chain.netuid,
    cycleId: record.cycle_id,
    recordBlock: record.block,
    uids,
    weights,
    versionKey,
    dropped,
  };
  if (deps.dryRun) {
    deps.print(JSON.stringify({ ...submission, versionKey: String(versionKey), block }));
    state.last = { cycleId: record.cycle_id, block: record.block, setAt: block };
    return { action: "dry-run", submission };
  }
  const since = block - own.lastUpdate;
  if (own.lastUpdate !== 0 && since < policy.rateLimit) {
    return { action: "rate-limited", waitBlocks: policy.rateLimit - since };
  }
  const receipt = await chain.setWeights(deps.hotkey, { uids, weights, versionKey });
  state.last = { cycleId: record.cycle_id, block: record.block, setAt: receipt.block };
  log.info("Weights set", {
    cycleId: record.cycle_id,
    recordBlock: record.block,
    block: receipt.block,
    uids: uids.length,
    dropped: dropped.length,
  });
  return { action: "submitted", submission, receipt };
}

function keepUnchanged(
  record: WeightsRecord,
  neurons: { uid: number; hotkey: string }[],
): { uids: number[]; weights: number[]; dropped: number[] } {
  const hotkeyOf = new Map(neurons.map((n) => [n.uid, n.hotkey]));
  const uids: number[] = [];
  const weights: number[] = [];
  const dropped: number[] = [];
  record.uids.forEach((uid, i) => {
    if (hotkeyOf.get(uid) === record.hotkeys[i]) {
      uids.push(uid);
      weights.push(record.weights_u16[i]);
    } else {
      dropped.push(uid);
    }
  });
  return { uids, weights, dropped };
}

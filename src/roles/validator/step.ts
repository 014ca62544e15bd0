import {
  bytesToHex,
  type Chain,
  type Hotkey,
  type Neuron,
  type TxReceipt,
  verifyWeights,
  type WeightsPolicy,
} from "../../chain/mod.ts";
import type { WeightsRecord } from "../../core/wire/mod.ts";
import { ConfigError, ValidationError } from "../../errors/mod.ts";
import type { Logger } from "../../log/mod.ts";
import {
  checkReveal,
  type CommitPlan,
  isSameCommit,
  planCommit,
  type RevealCheck,
} from "./commit_reveal.ts";
import { checkAge, checkNotReplayed, recordDigest, type RefusalReason } from "./replay.ts";
import type { ValidatorState, ValidatorStore } from "./store.ts";

/** Default of {@link StepDeps.maxRecordAge}: 5 tempos of 360 blocks. */
export const DEFAULT_MAX_RECORD_AGE = 1800;

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
  /** Dry-run lines as JSON. @default false */
  json?: boolean;
  /** Refuse records computed more than this many blocks ago. @default 1800 */
  maxRecordAge?: number;
  /** Where the last record set and the pending commit are kept. @default in memory only */
  store?: ValidatorStore;
  /** Wall clock in milliseconds (reveal rounds). @default Date.now */
  now?: () => number;
}

export type { ValidatorState } from "./store.ts";

/** The weights a step submits (or would submit). */
export interface Submission {
  /** `set_weights` when commit-reveal is off, `commit-reveal` when it is on. */
  mode: "set_weights" | "commit-reveal";
  netuid: number;
  cycleId: number;
  recordBlock: number;
  uids: number[];
  weights: number[];
  versionKey: bigint;
  /** uids left out because their hotkey changed since the weights were computed. */
  dropped: number[];
  /** The timelocked commit (commit-reveal mode). */
  commit?: CommitPlan;
}

/** Outcome of one {@link runValidatorStep}. */
export type StepResult =
  & (
    | { action: "no-weights" }
    | { action: "refused"; reason: RefusalReason; cycleId: number }
    | { action: "up-to-date"; blocksSinceUpdate: number }
    | { action: "nothing-to-set"; dropped: number[] }
    | { action: "rate-limited"; waitBlocks: number }
    | { action: "commit-pending"; revealRounds: bigint[]; lastStoredRound: bigint }
    | { action: "dry-run"; submission: Submission }
    | { action: "submitted"; submission: Submission; receipt: TxReceipt }
  )
  & {
    /** The validator's earlier commit left the pending list during this step. */
    reveal?: RevealCheck;
  };

/**
 * One validator iteration: fetch the latest weights, verify the operator's signature, refuse a
 * record that is not newer than the last one set or is too old, keep only uids whose hotkey is
 * unchanged, and put them on chain unless they are already there and fresh, a commit is still
 * waiting for its reveal, or the rate limit forbids it. The subnet's mode is read every time:
 * `set_weights` when commit-reveal is off, a timelocked commit when it is on.
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
  const digest = await recordDigest(record);
  const replayed = checkNotReplayed(record, digest, state.last);
  if (replayed) {
    log.warn(replayed.message, replayed.fields);
    return { action: "refused", reason: replayed.reason, cycleId: record.cycle_id };
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
  const stale = checkAge(record, block, deps.maxRecordAge ?? DEFAULT_MAX_RECORD_AGE);
  if (stale) {
    log.warn(stale.message, stale.fields);
    return { action: "refused", reason: stale.reason, cycleId: record.cycle_id };
  }
  const policy = await chain.weightsPolicy();
  const pending = deps.dryRun ? { waiting: [] } : await followCommit(state, deps, own, policy);
  if (pending.waiting.length > 0) {
    const info = await chain.timelockInfo();
    return {
      action: "commit-pending",
      revealRounds: pending.waiting,
      lastStoredRound: info.lastStoredRound,
      ...(pending.reveal ? { reveal: pending.reveal } : {}),
    };
  }
  const reveal = pending.reveal ? { reveal: pending.reveal } : {};

  const last = state.last;
  const same = last?.cycleId === record.cycle_id && last.digest === digest && !last.retry;
  const lastSet = Math.max(own.lastUpdate, last?.setAt ?? 0);
  if (same && block - lastSet < deps.refreshBlocks) {
    return { action: "up-to-date", blocksSinceUpdate: block - lastSet, ...reveal };
  }
  const { uids, weights, dropped } = keepUnchanged(record, metagraph.neurons);
  if (dropped.length > 0) {
    log.warn("Dropped uids whose hotkey changed", { cycleId: record.cycle_id, dropped });
  }
  if (uids.length === 0) return { action: "nothing-to-set", dropped, ...reveal };

  let versionKey = deps.versionKey ?? policy.versionKey;
  if (versionKey < policy.versionKey) {
    log.warn("Configured version key is below the subnet's; using the subnet's", {
      configured: String(versionKey),
      subnet: String(policy.versionKey),
    });
    versionKey = policy.versionKey;
  }
  const submission: Submission = {
    mode: policy.commitRevealEnabled ? "commit-reveal" : "set_weights",
    netuid: chain.netuid,
    cycleId: record.cycle_id,
    recordBlock: record.block,
    uids,
    weights,
    versionKey,
    dropped,
  };
  if (policy.commitRevealEnabled) {
    submission.commit = planCommit({
      hotkey: deps.hotkey,
      netuid: chain.netuid,
      block,
      policy,
      info: await chain.timelockInfo(),
      uids,
      weights,
      versionKey,
      nowMs: (deps.now ?? Date.now)(),
    });
  }
  const lastSetNow = { cycleId: record.cycle_id, block: record.block, digest };
  if (deps.dryRun) {
    deps.print(formatDryRun(submission, block, policy, deps.json ?? false));
    state.last = { ...lastSetNow, setAt: block };
    return { action: "dry-run", submission, ...reveal };
  }
  const since = block - own.lastUpdate;
  if (own.lastUpdate !== 0 && since < policy.rateLimit) {
    return { action: "rate-limited", waitBlocks: policy.rateLimit - since, ...reveal };
  }
  const receipt = submission.commit
    ? await chain.commitTimelockedWeights(deps.hotkey, {
      commit: submission.commit.ciphertext,
      revealRound: submission.commit.revealRound,
      commitRevealVersion: submission.commit.commitRevealVersion,
    })
    : await chain.setWeights(deps.hotkey, { uids, weights, versionKey });
  state.last = { ...lastSetNow, setAt: receipt.block };
  if (submission.commit) {
    state.pending = {
      cycleId: record.cycle_id,
      revealRound: submission.commit.revealRound.toString(),
      commitBlock: receipt.block,
      uids,
      weights,
      versionKey: versionKey.toString(),
      ciphertext: bytesToHex(submission.commit.ciphertext),
    };
  }
  await deps.store?.save(state);
  log.info(submission.commit ? "Weights committed" : "Weights set", {
    cycleId: record.cycle_id,
    recordBlock: record.block,
    block: receipt.block,
    uids: uids.length,
    dropped: dropped.length,
    ...(submission.commit
      ? { call: submission.commit.call, revealRound: submission.commit.revealRound }
      : {}),
  });
  return { action: "submitted", submission, receipt, ...reveal };
}

/**
 * Follows the validator's commit: while any commit of its hotkey is pending on chain it waits
 * (one pending commit at a time); once its remembered commit has left the list it checks that
 * the weights were applied, logs the outcome and forgets the commit.
 */
async function followCommit(
  state: ValidatorState,
  deps: StepDeps,
  own: Neuron,
  policy: WeightsPolicy,
): Promise<{ waiting: bigint[]; reveal?: RevealCheck }> {
  if (!state.pending && !policy.commitRevealEnabled) return { waiting: [] };
  const mine = (await deps.chain.pendingCommits()).filter((c) => c.hotkey === deps.hotkey.address);
  const remembered = state.pending;
  if (!remembered || mine.some((c) => isSameCommit(c, remembered))) {
    return { waiting: mine.map((c) => c.revealRound) };
  }
  const reveal = await checkReveal(deps.chain, remembered, {
    uid: own.uid,
    lastUpdate: own.lastUpdate,
    policy,
  });
  state.pending = undefined;
  if (reveal.applied) {
    deps.log.info("Committed weights were revealed and applied", {
      cycleId: reveal.cycleId,
      revealRound: reveal.revealRound,
    });
  } else {
    deps.log.warn("Committed weights were not applied; committing again at the next interval", {
      cycleId: reveal.cycleId,
      revealRound: reveal.revealRound,
      reason: reveal.reason,
    });
    if (state.last) state.last.retry = true;
  }
  await deps.store?.save(state);
  return { waiting: mine.map((c) => c.revealRound), reveal };
}

function formatDryRun(s: Submission, block: number, policy: WeightsPolicy, json: boolean): string {
  const c = s.commit;
  const out = {
    mode: s.mode,
    call: c ? c.call : "set_weights",
    netuid: s.netuid,
    block,
    cycleId: s.cycleId,
    recordBlock: s.recordBlock,
    uids: s.uids,
    weights: s.weights,
    versionKey: String(s.versionKey),
    dropped: s.dropped,
    ...(c
      ? {
        revealRound: String(c.revealRound),
        commitRevealVersion: c.commitRevealVersion,
        tempo: policy.tempo,
        revealPeriodEpochs: policy.revealPeriodEpochs,
        payload: bytesToHex(c.payload),
        ciphertext: bytesToHex(c.ciphertext),
      }
      : {}),
  };
  if (json) return JSON.stringify(out);
  const what = c
    ? `${c.call} to drand round ${c.revealRound} (${c.ciphertext.length} bytes)`
    : "set_weights";
  return `Dry run: would send ${what} on netuid ${s.netuid} at block ${block}: cycle ` +
    `${s.cycleId}, ${s.uids.length} uids, version key ${s.versionKey}` +
    (s.dropped.length ? `, dropped uids ${s.dropped.join(",")}` : "");
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

import { WEIGHTS_RECORD_VERSION } from "../../core/wire/mod.ts";
import {
  aggregateCycleResults,
  completeCycle,
  type Cycle,
  failCycle,
  listMiners,
  saveDuplicateGroups,
  saveScores,
  saveWeights,
} from "../../db/mod.ts";
import type { BurnTarget } from "../../core/mod.ts";
import type { CycleOutcome } from "./cycle.ts";
import { type CycleConfig, type SchedulerDeps, scoringOptionsOf } from "./deps.ts";
import { cycleWeights, scoreCycle } from "./score_cycle.ts";
import { detectDuplicates, groupRows, logDuplicates } from "./duplicates.ts";

/**
 * Scores a cycle whose tasks are all terminal: aggregates real counts, scores, and in one
 * transaction stores the scores, the weights record (under the cycle's block, signed when a
 * signer is configured) and marks the cycle complete, which reveals its secret. A cycle in
 * which no miner has a scored episode is failed instead (no weights).
 */
export async function finalizeCycle(
  deps: SchedulerDeps,
  cycle: Cycle,
  config: CycleConfig,
): Promise<Pick<CycleOutcome, "status" | "weights" | "reason">> {
  const totals = (await aggregateCycleResults(deps.db, cycle.id)).map((t) => ({
    ...t,
    successRate: t.episodes > 0 ? t.successes / t.episodes : null,
  }));
  const miners = await listMiners(deps.db, cycle.id);
  const duplicates = await detectDuplicates(deps.db, cycle.id, miners);
  const options = { ...scoringOptionsOf(config), groups: duplicates };
  let scoring = scoreCycle({ envIds: cycle.envIds, miners, totals }, options);
  if (scoring.result?.burn) {
    // the burn target is read from the chain only in a cycle that needs it
    const burn = await resolveBurnTarget(deps, config);
    scoring = { ...scoring, weights: cycleWeights(scoring.result, burn) };
    deps.log.info("No miner earned points: all weight goes to the burn uid", {
      cycleId: cycle.id,
      burnUid: burn.uid,
    });
  }
  const groups = groupRows(duplicates, scoring.result);
  logDuplicates(deps.log, cycle.id, groups);
  if (!scoring.result) {
    const reason = "No miner has a scored episode";
    await deps.db.transaction(async (tx) => {
      await saveScores(tx, cycle.id, scoring.rows);
      await saveDuplicateGroups(tx, cycle.id, groups);
      await failCycle(tx, cycle.id, reason);
    });
    return { status: "failed", reason };
  }
  const w = scoring.weights;
  let signed: { signer: string; signature: string } | null = null;
  if (deps.signWeights) {
    signed = deps.signWeights({
      version: WEIGHTS_RECORD_VERSION,
      netuid: config.netuid,
      cycle_id: cycle.id,
      block: cycle.block,
      uids: w.uids,
      hotkeys: w.hotkeys,
      weights_u16: w.valuesU16,
    });
  }
  const weights = await deps.db.transaction(async (tx) => {
    await saveScores(tx, cycle.id, scoring.rows);
    await saveDuplicateGroups(tx, cycle.id, groups);
    const saved = await saveWeights(tx, {
      cycleId: cycle.id,
      version: WEIGHTS_RECORD_VERSION,
      netuid: config.netuid,
      block: cycle.block,
      uids: w.uids,
      hotkeys: w.hotkeys,
      valuesU16: w.valuesU16,
      weights: w.weights,
      signature: signed?.signature ?? null,
      signer: signed?.signer ?? null,
    });
    await completeCycle(tx, cycle.id);
    return saved;
  });
  deps.log.info("Weights stored", {
    cycleId: cycle.id,
    block: cycle.block,
    miners: w.uids.length,
    signed: signed !== null,
    top: topWeights(w.uids, w.weights),
  });
  return { status: "complete", weights };
}

/**
 * Where unearned weight goes: `--burn-uid`, else the uid of the subnet owner's hotkey read
 * from the chain. When neither is known, uid 0 (where subtensor registers the owner's hotkey)
 * with a warning naming `--burn-uid`.
 */
export async function resolveBurnTarget(
  deps: Pick<SchedulerDeps, "chain" | "log">,
  config: Pick<CycleConfig, "burnUid">,
): Promise<BurnTarget> {
  const hotkeyOf = async (uid: number) => {
    const neurons = deps.chain.metagraph ? (await deps.chain.metagraph()).neurons : [];
    return neurons.find((n) => n.uid === uid)?.hotkey ?? "";
  };
  try {
    if (config.burnUid !== undefined) {
      return { uid: config.burnUid, hotkey: await hotkeyOf(config.burnUid) };
    }
    const owner = deps.chain.subnetOwner ? await deps.chain.subnetOwner() : null;
    if (owner?.uid !== null && owner?.uid !== undefined) {
      return { uid: owner.uid, hotkey: owner.hotkey };
    }
    deps.log.warn("The subnet owner's hotkey has no uid: burning to uid 0 (set --burn-uid)", {
      ownerHotkey: owner?.hotkey ?? null,
    });
    return { uid: 0, hotkey: await hotkeyOf(0) };
  } catch (err) {
    deps.log.warn("Cannot read the burn uid from the chain: burning to uid 0 (set --burn-uid)", {
      error: (err as Error).message,
    });
    return { uid: config.burnUid ?? 0, hotkey: "" };
  }
}

function topWeights(uids: number[], weights: number[]): string {
  return uids.map((uid, i) => ({ uid, w: weights[i] }))
    .sort((a, b) => b.w - a.w)
    .slice(0, 5)
    .map((e) => `${e.uid}:${e.w.toFixed(3)}`)
    .join(" ");
}

import type { BurnTarget } from "../../core/mod.ts";
import type { Logger } from "../../log/mod.ts";
import type { MinerSource } from "./deps.ts";

/**
 * Where a weak cycle's weight goes: `burnUid` when given (its hotkey from the metagraph), else
 * the uid of the subnet owner's hotkey (`SubtensorModule.SubnetOwnerHotkey`), whose weight is
 * burnt. null, with a warning, when neither can be resolved: a weak cycle then sets no weight
 * at all, which still pays no idle miner.
 */
export async function resolveBurnTarget(
  chain: MinerSource,
  burnUid: number | undefined,
  log: Logger,
): Promise<BurnTarget | null> {
  try {
    if (burnUid !== undefined) {
      const neurons = (await chain.metagraph?.())?.neurons ?? [];
      const neuron = neurons.find((n) => n.uid === burnUid);
      if (neuron) return { uid: burnUid, hotkey: neuron.hotkey };
      log.warn("Burn uid is not registered on the subnet; a weak cycle sets no weights", {
        burnUid,
      });
      return null;
    }
    if (chain.subnetOwner === undefined) {
      log.warn("This chain has no subnet owner; a weak cycle sets no weights (see --burn-uid)");
      return null;
    }
    const owner = await chain.subnetOwner();
    if (owner?.uid === null || owner === null) {
      log.warn("The subnet owner's hotkey holds no uid; a weak cycle sets no weights", {
        owner: owner?.hotkey ?? null,
      });
      return null;
    }
    return { uid: owner.uid, hotkey: owner.hotkey };
  } catch (err) {
    log.warn("Cannot read the burn target; a weak cycle sets no weights", {
      error: (err as Error).message,
    });
    return null;
  }
}

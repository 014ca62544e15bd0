import type { ApiDecoration } from "@polkadot/api/types";
import type { Codec } from "@polkadot/types/types";
import { toSs58 } from "./hotkey.ts";

/** The subnet owner's hotkey and its uid on the subnet. */
export interface SubnetOwner {
  /** SS58 address of `SubtensorModule.SubnetOwnerHotkey(netuid)`. */
  hotkey: string;
  /** Its uid on the subnet, or null when that hotkey is not registered there. */
  uid: number | null;
}

/**
 * Reads `SubtensorModule.SubnetOwnerHotkey(netuid)` and that hotkey's uid at one block. Returns
 * null when the subnet has no owner hotkey (the storage default, the all-zero account). Weight
 * set on the owner's uid is burnt, which is where a cycle without a deserving miner sends it.
 */
export async function readSubnetOwner(
  at: ApiDecoration<"promise">,
  netuid: number,
): Promise<SubnetOwner | null> {
  const q = at.query.subtensorModule;
  const account = (await q.subnetOwnerHotkey(netuid)) as Codec;
  const bytes = account.toU8a();
  if (bytes.every((b) => b === 0)) return null;
  const hotkey = toSs58(bytes);
  const uid = (await q.uids(netuid, hotkey)) as unknown as { isSome: boolean; unwrap(): Codec };
  return { hotkey, uid: uid.isSome ? Number(uid.unwrap().toString()) : null };
}

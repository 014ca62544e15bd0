/**
 * Miners whose action traces matched (one competitor in scoring). `originUid` is the member
 * proven to be the origin, when one is.
 */
export interface DuplicateGroup {
  uids: number[];
  originUid: number | null;
}

/** What one validator has set on chain for the subnet. */
export interface ValidatorWeights {
  /** The validator's hotkey (SS58). */
  hotkey: string;
  uid: number | null;
  /** Block of its last weights update. */
  block: number;
  /** u16 weights by uid. */
  weights: { uid: number; value: number }[];
}

/** Reads what validators have set on chain (from a chain reader, when the API has one). */
export type ValidatorWeightsSource = () => Promise<ValidatorWeights[]>;

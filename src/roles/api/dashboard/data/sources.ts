import { type Db, listDuplicateGroups } from "../../../../db/mod.ts";

/**
 * Miners whose action traces matched (one competitor in scoring). `originUid` is the member
 * proven to be the origin, when one is.
 */
export interface DuplicateGroup {
  uids: number[];
  originUid: number | null;
}

/**
 * Reads the duplicate groups of a cycle; resolves null when the cycle has none recorded (an
 * older cycle, or a scheduler that does not group), which the pages show as "not recorded".
 */
export type DuplicateGroupsSource = (db: Db, cycleId: number) => Promise<DuplicateGroup[] | null>;

/** A source with no groups recorded for any cycle (tests of the "not recorded" note). */
export const NO_DUPLICATE_GROUPS: DuplicateGroupsSource = () => Promise.resolve(null);

/** The default source: the groups the scheduler stored with the cycle's scores. */
export const DB_DUPLICATE_GROUPS: DuplicateGroupsSource = async (db, cycleId) =>
  (await listDuplicateGroups(db, cycleId)).map((g) => ({ uids: g.uids, originUid: g.originUid }));

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

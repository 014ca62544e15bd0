import { type Db, listRecentWeights } from "../../../../db/mod.ts";

/** One cycle's signed weights. */
export interface WeightsColumn {
  cycleId: number;
  block: number;
  signed: boolean;
  /** Float weight by uid. */
  byUid: Map<number, number>;
}

/** Weights over the newest cycles, for the history chart and its table. */
export interface WeightsHistory {
  /** Oldest first. */
  columns: WeightsColumn[];
  /** uids drawn on their own (largest total weight first); the rest are "others". */
  top: number[];
  /** Whether any weight went to a uid outside `top`. */
  others: boolean;
}

/** Loads the weights of the newest `cycles` cycles; `top` uids get their own series. */
export async function loadWeightsHistory(
  db: Db,
  cycles: number,
  top = 8,
): Promise<WeightsHistory> {
  const records = (await listRecentWeights(db, cycles)).reverse();
  const total = new Map<number, number>();
  const columns = records.map((w) => {
    const byUid = new Map<number, number>();
    w.uids.forEach((uid, i) => {
      byUid.set(uid, w.weights[i]);
      total.set(uid, (total.get(uid) ?? 0) + w.weights[i]);
    });
    return { cycleId: w.cycleId, block: w.block, signed: w.signature !== null, byUid };
  });
  const ranked = [...total.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([u]) => u);
  return { columns, top: ranked.slice(0, top), others: ranked.length > top };
}

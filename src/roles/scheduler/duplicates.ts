import { type DuplicateGroup, findDuplicateGroups, type ScoringResult } from "../../core/mod.ts";
import { type Db, type DuplicateGroupRow, listCycleFingerprints } from "../../db/mod.ts";
import type { Logger } from "../../log/mod.ts";

/**
 * The cycle's duplicate groups: miners (of the snapshot) whose action fingerprints are equal on
 * at least half of their paired episodes, with at least 3 paired (core `findDuplicateGroups`).
 */
export async function detectDuplicates(
  db: Db,
  cycleId: number,
  snapshot: readonly { uid: number; hotkey: string }[],
): Promise<DuplicateGroup[]> {
  const current = new Set(snapshot.map((m) => `${m.uid}/${m.hotkey}`));
  const rows = (await listCycleFingerprints(db, cycleId))
    .filter((r) => current.has(`${r.uid}/${r.hotkey}`));
  return findDuplicateGroups(rows.map((r) => ({
    uid: r.uid,
    hotkey: r.hotkey,
    episode: `${r.envId}#${r.episodeIndex}`,
    fingerprint: r.fingerprint,
  })));
}

/** The groups as stored and served, with the points each earned as one competitor. */
export function groupRows(
  groups: readonly DuplicateGroup[],
  result: ScoringResult | null,
): DuplicateGroupRow[] {
  return groups.map((g, i) => ({
    uids: g.uids,
    hotkeys: g.hotkeys,
    originUid: g.originUid,
    representativeUid: result?.groups[i]?.representativeUid ?? null,
    points: result?.groups[i]?.points ?? 0,
    pairs: g.pairs,
  }));
}

/** One warning per group: who plays as one policy, on how many paired episodes. */
export function logDuplicates(log: Logger, cycleId: number, rows: readonly DuplicateGroupRow[]) {
  for (const g of rows) {
    log.warn("Duplicate policies: scored as one competitor", {
      cycleId,
      uids: g.uids.join(","),
      hotkeys: g.hotkeys.join(","),
      originUid: g.originUid,
      points: g.points,
      pairs: g.pairs.map((p) => `${p.a}~${p.b}:${p.equal}/${p.paired}`).join(" "),
    });
  }
}

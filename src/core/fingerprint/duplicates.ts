/** One scored episode's fingerprint, keyed by the paired scene it was played on. */
export interface EpisodeFingerprint {
  uid: number;
  hotkey: string;
  /**
   * The paired scene: every miner of a cycle plays the same (env, episode index) scenes, e.g.
   * `metaworld/reach-v4#7`.
   */
  episode: string;
  /** See {@link ActionTrace.digest}. */
  fingerprint: string;
}

/** Rules of {@link findDuplicateGroups}. */
export interface DuplicateOptions {
  /** Fewest paired episodes (both fingerprinted) for a pair to be compared. @default 3 */
  minPaired?: number;
  /** Share of paired episodes with equal fingerprints that makes two miners one. @default 0.5 */
  minShare?: number;
}

/** Two miners compared on their paired episodes. */
export interface DuplicatePair {
  a: number;
  b: number;
  /** Episodes both played with a fingerprint. */
  paired: number;
  /** Of those, episodes with equal fingerprints. */
  equal: number;
}

/** Miners that play as one policy: scored as one competitor. */
export interface DuplicateGroup {
  /** uids, ascending. */
  uids: number[];
  hotkeys: string[];
  /** The pairs that joined the group (equal on at least `minShare` of >= `minPaired`). */
  pairs: DuplicatePair[];
  /**
   * The member proven to be the policy's origin, which then earns the group's points; null
   * when none is (the points go to nobody). Set by the committed-models proof (not yet).
   */
  originUid: number | null;
}

/**
 * Groups miners whose fingerprints are equal on at least half (`minShare`) of their paired
 * episodes, with at least `minPaired` paired episodes: the connected components of that
 * relation with two or more members, sorted by lowest uid. Episodes without a fingerprint
 * (older executors, traces without an answered call) are not compared. Cost: one pass over the
 * episodes plus one count per pair of miners sharing at least one fingerprint.
 */
export function findDuplicateGroups(
  episodes: readonly EpisodeFingerprint[],
  options: DuplicateOptions = {},
): DuplicateGroup[] {
  const { minPaired = 3, minShare = 0.5 } = options;
  const hotkeyOf = new Map<number, string>();
  const byMiner = new Map<number, Map<string, string>>();
  const byPrint = new Map<string, Set<number>>();
  for (const e of episodes) {
    hotkeyOf.set(e.uid, e.hotkey);
    let own = byMiner.get(e.uid);
    if (!own) byMiner.set(e.uid, own = new Map());
    own.set(e.episode, e.fingerprint);
    const key = `${e.episode}\u0000${e.fingerprint}`;
    let set = byPrint.get(key);
    if (!set) byPrint.set(key, set = new Set());
    set.add(e.uid);
  }
  const equal = new Map<string, number>();
  for (const uids of byPrint.values()) {
    const list = [...uids].sort((x, y) => x - y);
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const key = `${list[i]}/${list[j]}`;
        equal.set(key, (equal.get(key) ?? 0) + 1);
      }
    }
  }
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  const joined: DuplicatePair[] = [];
  for (const [key, same] of equal) {
    const [a, b] = key.split("/").map(Number);
    const ea = byMiner.get(a)!;
    const eb = byMiner.get(b)!;
    let paired = 0;
    for (const episode of ea.keys()) if (eb.has(episode)) paired++;
    if (paired < minPaired || same < minShare * paired) continue;
    joined.push({ a, b, paired, equal: same });
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  }
  const groups = new Map<number, DuplicateGroup>();
  for (const uid of [...parent.keys()].sort((x, y) => x - y)) {
    const root = find(uid);
    let g = groups.get(root);
    if (!g) groups.set(root, g = { uids: [], hotkeys: [], pairs: [], originUid: null });
    g.uids.push(uid);
    g.hotkeys.push(hotkeyOf.get(uid)!);
  }
  for (const p of joined.sort((x, y) => x.a - y.a || x.b - y.b)) {
    groups.get(find(p.a))!.pairs.push(p);
  }
  return [...groups.values()].filter((g) => g.uids.length > 1).sort((x, y) =>
    x.uids[0] - y.uids[0]
  );
}

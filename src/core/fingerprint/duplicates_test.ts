import assert from "node:assert/strict";
import { type EpisodeFingerprint, findDuplicateGroups } from "./duplicates.ts";

/** Episodes 0..n-1 of one env, fingerprint from `print(i)` (null = not fingerprinted). */
function played(uid: number, n: number, print: (i: number) => string | null): EpisodeFingerprint[] {
  const out: EpisodeFingerprint[] = [];
  for (let i = 0; i < n; i++) {
    const fingerprint = print(i);
    if (fingerprint !== null) {
      out.push({ uid, hotkey: `hk${uid}`, episode: `env#${i}`, fingerprint });
    }
  }
  return out;
}

const own = (uid: number) => (i: number) => `${uid}-${i}`;
const copyOf = (uid: number) => (i: number) => `${uid}-${i}`;

Deno.test("findDuplicateGroups() joins miners equal on at least half of >= 3 paired episodes", () => {
  const groups = findDuplicateGroups([
    ...played(1, 10, own(1)),
    ...played(2, 10, copyOf(1)), // an exact copy (or a proxy) of 1
    ...played(3, 10, (i) => (i < 5 ? `1-${i}` : `3-${i}`)), // equal on exactly half: joins
    ...played(4, 10, (i) => (i < 4 ? `1-${i}` : `4-${i}`)), // 4 of 10: below half
    ...played(5, 10, own(5)),
  ]);
  assert.deepEqual(groups.map((g) => g.uids), [[1, 2, 3]]);
  assert.deepEqual(groups[0].hotkeys, ["hk1", "hk2", "hk3"]);
  assert.equal(groups[0].originUid, null);
  assert.deepEqual(groups[0].pairs.map((p) => [p.a, p.b, p.paired, p.equal]), [
    [1, 2, 10, 10],
    [1, 3, 10, 5],
    [2, 3, 10, 5],
  ]);
});

Deno.test("findDuplicateGroups() needs 3 paired episodes and ignores unfingerprinted ones", () => {
  assert.deepEqual(findDuplicateGroups([...played(1, 2, own(1)), ...played(2, 2, copyOf(1))]), []);
  assert.equal(
    findDuplicateGroups([...played(1, 3, own(1)), ...played(2, 3, copyOf(1))]).length,
    1,
  );
  // an older executor sent no fingerprints for 2's episodes 3..9: paired on 3, equal on 3
  const partial = findDuplicateGroups([
    ...played(1, 10, own(1)),
    ...played(2, 10, (i) => (i < 3 ? `1-${i}` : null)),
  ]);
  assert.deepEqual(partial[0].pairs[0], { a: 1, b: 2, paired: 3, equal: 3 });
  // the same fingerprint on different episodes is no match (they are not paired)
  const shifted = findDuplicateGroups([
    ...played(1, 10, own(1)),
    ...played(2, 10, (i) => `1-${(i + 1) % 10}`),
  ]);
  assert.deepEqual(shifted, []);
});

Deno.test("findDuplicateGroups() keeps separate groups apart", () => {
  const groups = findDuplicateGroups([
    ...played(9, 5, own(9)),
    ...played(7, 5, copyOf(9)),
    ...played(2, 5, own(2)),
    ...played(4, 5, copyOf(2)),
    ...played(6, 5, copyOf(2)),
  ]);
  assert.deepEqual(groups.map((g) => g.uids), [[2, 4, 6], [7, 9]]);
});

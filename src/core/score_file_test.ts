import assert from "node:assert/strict";
import { ConfigError } from "../errors/mod.ts";
import { parseRandomSpec, parseScoreFile, scoreCheck } from "./score_file.ts";

Deno.test("parseScoreFile() names each problem", () => {
  const bad = (text: string, message: RegExp) =>
    assert.throws(() => parseScoreFile(text, "f.json"), (e) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, message);
      return true;
    });
  bad("{", /Cannot read score file "f.json": not valid JSON/);
  bad('{"miners": [], "extra": 1}', /Unrecognized key/);
  const m = (scores: string, extra = "") =>
    `{"uid": 1, "hotkey": "h", "first_block": 5, "scores": ${scores}${extra}}`;
  bad(`{"miners": [${m('{"a": -0.1}')}]}`, /miners\.0\.scores\.a/);
  bad(`{"miners": [${m('{"a": 0.1}')}, ${m('{"a": 0.2}')}]}`, /uid "1" appears twice/);
  bad(`{"envs": ["b"], "miners": [${m('{"a": 0.1}')}]}`, /unknown environment "a"/);
  bad(`{"episodes": {"b": 3}, "miners": [${m('{"a": 0.1}')}]}`, /no episode count for .*"a"/);
  bad(`{"episodes": 0, "miners": []}`, /episodes/);
});

Deno.test("parseScoreFile() collects environments and per-miner episode counts", () => {
  const table = parseScoreFile(
    JSON.stringify({
      episodes: { z: 7 },
      miners: [
        { uid: 3, hotkey: "h", first_block: 1, scores: { a: 0.5 }, episodes: { a: 9 } },
      ],
    }),
    "f.json",
  );
  assert.deepEqual(table.envs, ["a", "z"]);
  assert.deepEqual(table.miners[0].results, { a: { rate: 0.5, episodes: 9 } });
  assert.equal(table.burnUid, 0); // the default
});

Deno.test("parseRandomSpec() reads MINERSxENVS within limits", () => {
  assert.deepEqual(parseRandomSpec("256x16"), { miners: 256, envs: 16 });
  for (const bad of ["0x3", "3x0", "x3", "3x", "3*3", "2000x2"]) {
    assert.throws(() => parseRandomSpec(bad), /Cannot parse --random/);
  }
});

Deno.test("scoreCheck() burns on the burn uid when nobody earns points, and groups duplicates", () => {
  const table = parseScoreFile(
    JSON.stringify({
      episodes: 10,
      miners: [
        { uid: 1, hotkey: "a", first_block: 1, scores: { e: 0 } },
        { uid: 2, hotkey: "b", first_block: 2, scores: { e: 0 } },
      ],
    }),
    "f.json",
  );
  const weak = scoreCheck({ table, burnUid: 2, fingerprints: null });
  assert.equal(weak.result.burn, true);
  assert.deepEqual(weak.burn, { uid: 2, hotkey: "b" });
  assert.deepEqual([weak.u16.uids, weak.u16.values], [[2], [65535]]);
  assert.equal(weak.groups, null);
  const print = "ab".repeat(32);
  const fingerprints = [1, 2].flatMap((uid) =>
    ["e#0", "e#1", "e#2"].map((episode) => ({
      uid,
      hotkey: uid === 1 ? "a" : "b",
      episode,
      fingerprint: print,
    }))
  );
  const copied = scoreCheck({ table, burnUid: 0, fingerprints });
  assert.deepEqual(copied.groups?.map((g) => g.uids), [[1, 2]]);
});

import assert from "node:assert/strict";
import {
  EPISODE_RESULT_CODE_TABLE,
  EPISODE_RESULT_CODES,
  isInfraFault,
  isMinerFault,
} from "./mod.ts";

Deno.test("episode result codes split into miner faults and infra faults", () => {
  assert.deepEqual(EPISODE_RESULT_CODES, [
    "success",
    "not_solved",
    "miner_timeout",
    "miner_error",
    "miner_bad_action",
    "miner_unavailable",
    "miner_model_unavailable",
    "miner_model_hash_mismatch",
    "miner_model_invalid",
    "miner_model_too_slow",
    "miner_model_nan",
    "miner_model_bad_output",
    "physics_error",
    "infra_error",
  ]);
  assert.deepEqual(EPISODE_RESULT_CODES.filter(isMinerFault).length, 10);
  assert.deepEqual(EPISODE_RESULT_CODES.filter(isInfraFault), ["physics_error", "infra_error"]);
});

Deno.test("docs/miner-protocol.md documents every episode result code and whether it counts", async () => {
  const doc = await Deno.readTextFile(new URL("../../../docs/miner-protocol.md", import.meta.url));
  const rows = new Map(
    [...doc.matchAll(/^\| `([a-z_]+)` +\|[^|]*\| *([^|]*?) *\|$/gm)].map((m) => [m[1], m[2]]),
  );
  const missing = EPISODE_RESULT_CODES.filter((code) => !rows.has(code));
  assert.deepEqual(missing, [], "add a row for each to the result code table");
  for (const code of EPISODE_RESULT_CODES) {
    const counts = rows.get(code)!;
    const fault = EPISODE_RESULT_CODE_TABLE[code].fault;
    if (fault === "ours") assert.match(counts, /^no: retried/, code);
    else if (code === "success") assert.match(counts, /^no/, code);
    else assert.match(counts, /^yes/, code);
  }
});

Deno.test("every result code has a fault and a meaning; unknown codes are nobody's fault", () => {
  for (const [code, info] of Object.entries(EPISODE_RESULT_CODE_TABLE)) {
    assert.ok(["none", "miner", "ours"].includes(info.fault), code);
    assert.ok(info.meaning.length > 10, code);
    assert.equal(code.startsWith("miner_"), info.fault === "miner", code);
  }
  assert.equal(isMinerFault("miner_gone" as never), false);
  assert.equal(isInfraFault("lost" as never), false);
});

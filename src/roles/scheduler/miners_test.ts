import assert from "node:assert/strict";
import { Hotkey, LocalChain } from "../../chain/mod.ts";
import { silentLogger } from "../../log/mod.ts";
import { readMiners } from "./miners.ts";

const keys = await Promise.all([0, 1, 2, 3].map((i) => Hotkey.fromUri(`//ReadMiner${i}`)));
const CHUTE = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

function chain(): LocalChain {
  return new LocalChain({
    netuid: 26,
    startBlock: 4242,
    now: () => 0,
    miners: [
      { uid: 3, hotkey: keys[3].address, endpoint: "http://127.0.0.1:8003/", commit_block: 30 },
      { uid: 0, hotkey: keys[0].address, commitment: `alice/policy:0123456789ab:${CHUTE}` },
      { uid: 1, hotkey: keys[1].address, commitment: "garbage" },
      { uid: 2, hotkey: keys[2].address }, // registered, never committed
    ],
  });
}

Deno.test("readMiners() keeps endpoints and chute ids, and skips the rest with a reason", async () => {
  const roster = await readMiners(chain(), { log: silentLogger() });
  assert.equal(roster.block, 4242);
  assert.deepEqual(roster.miners, [
    {
      uid: 0,
      hotkey: keys[0].address,
      endpoint: CHUTE,
      commitment: `alice/policy:0123456789ab:${CHUTE}`,
      commitBlock: 0,
    },
    {
      uid: 3,
      hotkey: keys[3].address,
      endpoint: "http://127.0.0.1:8003",
      commitment: null,
      commitBlock: 30,
    },
  ]);
  assert.deepEqual(roster.skipped.map((s) => s.uid), [1]);
  assert.match(roster.skipped[0].reason, /does not parse/);
});

Deno.test("readMiners() uses a custom resolver and skips miners it cannot resolve", async () => {
  const roster = await readMiners(chain(), {
    log: silentLogger(),
    resolveEndpoint: (t) =>
      t.endpoint
        ? Promise.resolve(t.endpoint)
        : t.chuteId === CHUTE
        ? Promise.resolve("https://alice-policy.chutes.ai")
        : Promise.reject(new Error("unknown chute")),
  });
  assert.deepEqual(roster.miners.map((m) => [m.uid, m.endpoint, m.commitment]), [
    [0, "https://alice-policy.chutes.ai", `alice/policy:0123456789ab:${CHUTE}`],
    [3, "http://127.0.0.1:8003/", null],
  ]);
  const failing = await readMiners(chain(), {
    log: silentLogger(),
    resolveEndpoint: () => Promise.reject(new Error("Chutes API answered 503")),
  });
  assert.equal(failing.miners.length, 0);
  assert.match(failing.skipped.find((s) => s.uid === 0)!.reason, /cannot resolve.*503/);
});

import assert from "node:assert/strict";
import { Hotkey, LocalChain } from "../../chain/mod.ts";
import { createLogger } from "../../log/mod.ts";
import { resolveBurnTarget } from "./finalize.ts";

const keys = await Promise.all([0, 1, 2].map((i) => Hotkey.fromUri(`//Burn${i}`)));

function chain(ownerUid?: number): LocalChain {
  return new LocalChain({
    netuid: 26,
    ownerUid,
    miners: keys.map((k, uid) => ({
      uid,
      hotkey: k.address,
      endpoint: `http://127.0.0.1:${9200 + uid}`,
    })),
  });
}

function capture() {
  const lines: string[] = [];
  return { lines, log: createLogger({ format: "json", write: (l) => lines.push(l) }) };
}

Deno.test("resolveBurnTarget() burns to the subnet owner's uid read from the chain", async () => {
  const { log, lines } = capture();
  assert.deepEqual(await resolveBurnTarget({ chain: chain(2), log }, {}), {
    uid: 2,
    hotkey: keys[2].address,
  });
  assert.equal(lines.length, 0);
});

Deno.test("resolveBurnTarget() prefers --burn-uid over the chain's owner", async () => {
  const { log } = capture();
  assert.deepEqual(await resolveBurnTarget({ chain: chain(2), log }, { burnUid: 1 }), {
    uid: 1,
    hotkey: keys[1].address,
  });
});

Deno.test("resolveBurnTarget() falls back to uid 0 with a warning naming --burn-uid", async () => {
  const unregistered = capture();
  const owner = await resolveBurnTarget({ chain: chain(9), log: unregistered.log }, {});
  assert.deepEqual(owner, { uid: 0, hotkey: keys[0].address });
  assert.match(unregistered.lines.join("\n"), /--burn-uid/);
  const broken = capture();
  const failing = {
    currentBlock: () => Promise.resolve(1),
    commitments: () => Promise.resolve([]),
    subnetOwner: () => Promise.reject(new Error("connection lost")),
  };
  assert.deepEqual(await resolveBurnTarget({ chain: failing, log: broken.log }, {}), {
    uid: 0,
    hotkey: "",
  });
  assert.match(broken.lines.join("\n"), /connection lost/);
});

import assert from "node:assert/strict";
import { FakeSubtensorProvider, readRecordedMetadata } from "./_fake_provider.ts";
import { Hotkey } from "./hotkey.ts";
import { SubtensorChain } from "./subtensor_chain.ts";

const recorded = await readRecordedMetadata();
const ignore = typeof recorded === "string";
// deno-lint-ignore no-console
if (ignore) console.log(`SubtensorChain.subnetOwner() tests skipped: ${recorded}`);

const NETUID = 26;

Deno.test({
  name: "SubtensorChain.subnetOwner() reads SubnetOwnerHotkey and its uid",
  ignore,
  fn: async () => {
    if (typeof recorded === "string") throw new Error(recorded);
    const [owner, miner, stranger] = await Promise.all(
      ["//Owner", "//M0", "//Stranger"].map((u) => Hotkey.fromUri(u)),
    );
    const fake = new FakeSubtensorProvider(recorded, { best: 5_000_000 });
    [miner, owner].forEach((hk, uid) => {
      fake.setStorage("subtensorModule", "keys", [NETUID, uid], hk.address);
      fake.setStorage("subtensorModule", "uids", [NETUID, hk.address], uid);
    });
    const chain = await SubtensorChain.connect({ netuid: NETUID, provider: fake });
    try {
      assert.equal(await chain.subnetOwner(), null); // unset: the all-zero default account
      fake.setStorage("subtensorModule", "subnetOwnerHotkey", [NETUID], owner.address);
      assert.deepEqual(await chain.subnetOwner(), { hotkey: owner.address, uid: 1 });
      fake.setStorage("subtensorModule", "subnetOwnerHotkey", [NETUID], stranger.address);
      assert.deepEqual(await chain.subnetOwner(), { hotkey: stranger.address, uid: null });
    } finally {
      await chain.close();
    }
  },
});

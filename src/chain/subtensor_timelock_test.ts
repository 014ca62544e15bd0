import assert from "node:assert/strict";
import { u8aToHex } from "@polkadot/util";
import { FakeSubtensorProvider, readRecordedMetadata } from "./_fake_provider.ts";
import { bytesToHex, createTestBeacon, DRAND_QUICKNET } from "./drand.ts";
import { ChainTxError } from "./errors.ts";
import { Hotkey } from "./hotkey.ts";
import { createLogger } from "../log/mod.ts";
import { SubtensorChain } from "./subtensor_chain.ts";
import { encodeWeightsPayload, timelockDecrypt, timelockEncrypt } from "./timelock.ts";

const recorded = await readRecordedMetadata();
const NETUID = 26;
const validator = await Hotkey.fromUri("//Alice");
const other = await Hotkey.fromUri("//Bob");

async function setup(): Promise<{ fake: FakeSubtensorProvider; chain: SubtensorChain }> {
  const fake = new FakeSubtensorProvider(recorded, { best: 5_000_000 });
  fake.setStorage("subtensorModule", "keys", [NETUID, 0], validator.address);
  fake.setStorage("subtensorModule", "uids", [NETUID, validator.address], 0);
  const chain = await SubtensorChain.connect({ netuid: NETUID, provider: fake });
  return { fake, chain };
}

Deno.test("SubtensorChain.timelockInfo() reads the beacon, the newest round, the block time and the call", async () => {
  const { fake, chain } = await setup();
  try {
    // Unset BeaconConfig storage falls back to its default, quicknet.
    const mainnet = await chain.timelockInfo();
    assert.equal(bytesToHex(mainnet.beacon.publicKey), bytesToHex(DRAND_QUICKNET.publicKey));
    assert.equal(mainnet.beacon.genesisTime, 1692803367);
    assert.equal(mainnet.blockTimeMs, 12_000, "Aura.SlotDuration of the recorded runtime");
    assert.equal(mainnet.call, "commit_timelocked_mechanism_weights");
    assert.equal(mainnet.lastStoredRound, 0n);

    const beacon = createTestBeacon({ secretKey: new Uint8Array(32).fill(3) });
    fake.setStorage("drand", "beaconConfig", [], {
      publicKey: u8aToHex(beacon.publicKey),
      period: 3,
      genesisTime: 1_700_000_000,
      hash: "0x",
      groupHash: "0x",
      schemeId: "0x",
      metadata: { beaconId: "0x" },
    });
    fake.setStorage("drand", "lastStoredRound", [], 22_000_123);
    const local = await chain.timelockInfo();
    assert.equal(bytesToHex(local.beacon.publicKey), bytesToHex(beacon.publicKey));
    assert.equal(local.beacon.genesisTime, 1_700_000_000);
    assert.equal(local.lastStoredRound, 22_000_123n);
  } finally {
    await chain.close();
  }
});

Deno.test("SubtensorChain.commitTimelockedWeights() submits commit_timelocked_mechanism_weights with the exact bytes", async () => {
  const { fake, chain } = await setup();
  try {
    const payload = encodeWeightsPayload({
      hotkey: validator.publicKey,
      uids: [0, 3],
      values: [65535, 100],
      versionKey: 7n,
    });
    const commit = timelockEncrypt(payload, 1000n);
    const receipt = await chain.commitTimelockedWeights(validator, {
      commit,
      revealRound: 22_000_500n,
      commitRevealVersion: 4,
    });
    assert.equal(receipt.block, 5_000_001);
    const ext = fake.submitted[0].extrinsic;
    assert.equal(ext.signer.toString(), validator.address);
    assert.equal(
      `${ext.method.section}.${ext.method.method}`,
      "subtensorModule.commitTimelockedMechanismWeights",
    );
    const args = (ext.method.toJSON() as { args: Record<string, unknown> }).args;
    assert.deepEqual(args, {
      netuid: NETUID,
      mecid: 0,
      commit: u8aToHex(commit),
      "reveal_round": 22_000_500,
      "commit_reveal_version": 4,
    });
    // The bytes that reach the chain open with the real pulse of the round they were made for.
    const pulse1000 =
      "b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39";
    const sent = ext.method.args[2].toU8a(true);
    assert.deepEqual(
      timelockDecrypt(sent, Uint8Array.from(pulse1000.match(/../g)!, (h) => parseInt(h, 16))),
      payload,
    );
  } finally {
    await chain.close();
  }
});

Deno.test("SubtensorChain.commitTimelockedWeights() reports the chain's commit errors by name", async (t) => {
  const { fake, chain } = await setup();
  const request = { commit: new Uint8Array(300), revealRound: 1n, commitRevealVersion: 4 };
  try {
    for (
      const name of [
        "SubtensorModule.CommitRevealDisabled",
        "SubtensorModule.TooManyUnrevealedCommits",
        "SubtensorModule.IncorrectCommitRevealVersion",
        "SubtensorModule.CommittingWeightsTooFast",
        "SubtensorModule.HotKeyNotRegisteredInSubNet",
      ]
    ) {
      await t.step(name, async () => {
        fake.onSubmit = () => ({ kind: "module-error", error: name });
        await assert.rejects(chain.commitTimelockedWeights(validator, request), (err: unknown) => {
          assert.ok(err instanceof ChainTxError);
          assert.equal(err.chainError, name);
          assert.ok(err.explanation, "every commit error is explained");
          assert.match(err.message, /^Cannot commit weights on netuid 26: chain refused it with /);
          return true;
        });
      });
    }
    await t.step("InvalidRevealRound from the pool", async () => {
      fake.onSubmit = () => ({ kind: "pool-error", code: 15, form: "json" });
      await assert.rejects(chain.commitTimelockedWeights(validator, request), (err: unknown) => {
        assert.ok(err instanceof ChainTxError);
        assert.equal(err.chainError, "CustomTransactionError.InvalidRevealRound");
        assert.match(err.message, /LastStoredRound/);
        return true;
      });
    });
  } finally {
    await chain.close();
  }
});

Deno.test("SubtensorChain.pendingCommits(), weightsOf() and drandPulse() decode their storage", async () => {
  const { fake, chain } = await setup();
  try {
    const mine = Uint8Array.of(1, 2, 3);
    fake.setStorage("subtensorModule", "timelockedWeightCommits", [NETUID, 13_850], [
      [validator.address, 4_999_990, u8aToHex(mine), 22_000_500],
      [other.address, 4_999_995, "0x09", 22_000_501],
    ]);
    fake.setStorage("subtensorModule", "timelockedWeightCommits", [NETUID + 1, 13_850], [
      [validator.address, 4_999_991, "0x07", 22_000_777],
    ]);
    const pending = await chain.pendingCommits();
    assert.deepEqual(pending.map((p) => [p.hotkey, p.epoch, p.commitBlock, p.revealRound]), [
      [validator.address, 13_850, 4_999_990, 22_000_500n],
      [other.address, 13_850, 4_999_995, 22_000_501n],
    ]);
    assert.deepEqual(pending[0].commit, mine);

    fake.setStorage("subtensorModule", "weights", [NETUID, 0], [[1, 65535], [4, 32768]]);
    assert.deepEqual(await chain.weightsOf(0), { uids: [1, 4], weights: [65535, 32768] });
    assert.deepEqual(await chain.weightsOf(1), { uids: [], weights: [] });

    const beacon = createTestBeacon({ secretKey: new Uint8Array(32).fill(5) });
    const sig = beacon.sign(22_000_500n);
    fake.setStorage("drand", "pulses", [22_000_500], {
      round: 22_000_500,
      randomness: "0x" + "00".repeat(32),
      signature: u8aToHex(sig),
    });
    assert.deepEqual(await chain.drandPulse(22_000_500n), sig);
    assert.equal(await chain.drandPulse(22_000_501n), null);
  } finally {
    await chain.close();
  }
});

Deno.test("SubtensorChain routes @polkadot's console lines to its logger as JSON", async () => {
  const fake = new FakeSubtensorProvider(recorded, { best: 5_000_000 });
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({
    format: "json",
    level: "debug",
    write: (l) => lines.push(JSON.parse(l)),
  });
  const chain = await SubtensorChain.connect({ netuid: NETUID, provider: fake, log });
  try {
    fake.onSubmit = () => ({ kind: "pool-error", code: 19 });
    await assert.rejects(
      chain.commitTimelockedWeights(validator, {
        commit: new Uint8Array(300),
        revealRound: 1n,
        commitRevealVersion: 4,
      }),
      ChainTxError,
    );
  } finally {
    await chain.close();
  }
  const routed = lines.filter((l) => l.msg === "Library message");
  assert.ok(routed.length > 0, "the RPC error line went to the logger");
  assert.equal(routed[0].origin, "rpc-core");
  assert.match(String(routed[0].detail), /Custom error: 19/);
});

import assert from "node:assert/strict";
import { u8aToString } from "@polkadot/util";
import { FakeSubtensorProvider, readRecordedMetadata } from "./_fake_provider.ts";
import { ChainTxError } from "./errors.ts";
import { Hotkey } from "./hotkey.ts";
import { SubtensorChain } from "./subtensor_chain.ts";

const recorded = await readRecordedMetadata();

const NETUID = 26;
const UUID = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const validator = await Hotkey.fromUri("//Alice");
const miners = await Promise.all(["//M0", "//M1", "//M2"].map((u) => Hotkey.fromUri(u)));

async function setup(): Promise<{ fake: FakeSubtensorProvider; chain: SubtensorChain }> {
  const fake = new FakeSubtensorProvider(recorded, { best: 5_000_000 });
  const hotkeys = [validator, ...miners].map((h) => h.address);
  hotkeys.forEach((hk, uid) => {
    fake.setStorage("subtensorModule", "keys", [NETUID, uid], hk);
    fake.setStorage("subtensorModule", "uids", [NETUID, hk], uid);
  });
  fake.setStorage("subtensorModule", "validatorPermit", [NETUID], [true, false, false, false]);
  fake.setStorage("subtensorModule", "lastUpdate", [NETUID], [4_999_900, 0, 7, 0]);
  fake.setStorage("subtensorModule", "keys", [NETUID + 1, 0], miners[0].address);
  const chain = await SubtensorChain.connect({ netuid: NETUID, provider: fake });
  return { fake, chain };
}

function commit(fake: FakeSubtensorProvider, hotkey: string, block: number, field: unknown) {
  fake.setStorage("commitments", "commitmentOf", [NETUID, hotkey], {
    deposit: 0,
    block,
    info: { fields: [field] },
  });
}

function raw(text: string): Record<string, string> {
  const bytes = new TextEncoder().encode(text);
  return {
    [`Raw${bytes.length}`]: "0x" + [...bytes].map((b) => b.toString(16).padStart(2, "0")).join(""),
  };
}

Deno.test({
  name: "SubtensorChain.metagraph() decodes Keys, ValidatorPermit and LastUpdate",
  fn: async () => {
    const { chain } = await setup();
    try {
      assert.equal(await chain.currentBlock(), 5_000_000);
      const mg = await chain.metagraph();
      assert.equal(mg.block, 5_000_000);
      assert.deepEqual(mg.neurons, [
        { uid: 0, hotkey: validator.address, validatorPermit: true, lastUpdate: 4_999_900 },
        { uid: 1, hotkey: miners[0].address, validatorPermit: false, lastUpdate: 0 },
        { uid: 2, hotkey: miners[1].address, validatorPermit: false, lastUpdate: 7 },
        { uid: 3, hotkey: miners[2].address, validatorPermit: false, lastUpdate: 0 },
      ]);
    } finally {
      await chain.close();
    }
  },
});

Deno.test({
  name: "SubtensorChain.commitments() reads CommitmentOf entries with their blocks and reasons",
  fn: async () => {
    const { fake, chain } = await setup();
    try {
      const good = `alice/policy:0123456789ab:${UUID}`;
      commit(fake, miners[0].address, 4_000_123, raw(good));
      commit(fake, miners[1].address, 4_000_200, { Sha256: "0x" + "ab".repeat(32) });
      commit(fake, miners[2].address, 4_000_300, raw("not a commitment"));
      commit(fake, validator.address, 4_000_400, { BigRaw: "0xff00" });
      const outsider = (await Hotkey.fromUri("//Gone")).address;
      commit(fake, outsider, 3_000_000, raw(good));
      fake.setStorage("commitments", "commitmentOf", [NETUID + 1, miners[1].address], {
        deposit: 0,
        block: 1,
        info: { fields: [raw(good)] },
      });
      const keysPagedBefore = fake.calls.filter((c) => c === "state_getKeysPaged").length;
      const entries = await chain.commitments();
      const keysPaged = fake.calls.filter((c) => c === "state_getKeysPaged").length -
        keysPagedBefore;
      assert.equal(keysPaged, 2, "one paged key scan for Keys and one for CommitmentOf");
      assert.equal(fake.calls.filter((c) => c === "state_getStorage").length, 0);
      assert.deepEqual(entries.map((e) => [e.uid, e.hotkey, e.block, e.ok]), [
        [0, validator.address, 4_000_400, false],
        [1, miners[0].address, 4_000_123, true],
        [2, miners[1].address, 4_000_200, false],
        [3, miners[2].address, 4_000_300, false],
        [null, outsider, 3_000_000, false],
      ]);
      const reasons = entries.map((e) => e.ok ? e.target : e.reason);
      assert.deepEqual(reasons[1], {
        repo: "alice/policy",
        revision: "0123456789ab",
        chuteId: UUID,
      });
      assert.equal(entries[1].raw, good);
      assert.match(String(reasons[0]), /not UTF-8/);
      assert.match(String(reasons[2]), /first field is "Sha256"/);
      assert.match(String(reasons[3]), /3 colon-separated parts/);
      assert.match(String(reasons[4]), /no longer registered/);

      const one = await chain.commitmentOf(miners[0].address);
      assert.deepEqual(one, entries[1]);
      assert.equal(await chain.commitmentOf((await Hotkey.fromUri("//Nobody")).address), null);
    } finally {
      await chain.close();
    }
  },
});

Deno.test({
  name: "SubtensorChain.weightsPolicy() reads version key, rate limit and commit-reveal settings",
  fn: async () => {
    const { fake, chain } = await setup();
    try {
      fake.setStorage("subtensorModule", "weightsVersionKey", [NETUID], 10_002_000);
      fake.setStorage("subtensorModule", "weightsSetRateLimit", [NETUID], 100);
      fake.setStorage("subtensorModule", "commitRevealWeightsEnabled", [NETUID], false);
      fake.setStorage("subtensorModule", "tempo", [NETUID], 99);
      fake.setStorage("subtensorModule", "revealPeriodEpochs", [NETUID], 3);
      fake.setStorage("subtensorModule", "commitRevealWeightsVersion", [], 5);
      assert.deepEqual(await chain.weightsPolicy(), {
        versionKey: 10_002_000n,
        rateLimit: 100,
        commitRevealEnabled: false,
        tempo: 99,
        revealPeriodEpochs: 3,
        commitRevealVersion: 5,
      });
      fake.setStorage("subtensorModule", "commitRevealWeightsEnabled", [NETUID], true);
      assert.equal((await chain.weightsPolicy()).commitRevealEnabled, true);
    } finally {
      await chain.close();
    }
  },
});

Deno.test({
  name: "SubtensorChain.setWeights() submits set_weights with the exact uids, values and key",
  fn: async () => {
    const { fake, chain } = await setup();
    try {
      const receipt = await chain.setWeights(validator, {
        uids: [1, 3],
        weights: [65535, 21845],
        versionKey: 10_002_000n,
      });
      assert.equal(receipt.block, 5_000_001);
      assert.equal(fake.submitted.length, 1);
      const ext = fake.submitted[0].extrinsic;
      assert.equal(ext.isSigned, true);
      assert.equal(ext.signer.toString(), validator.address);
      assert.equal(receipt.txHash, ext.hash.toHex());
      const call = ext.method;
      assert.equal(`${call.section}.${call.method}`, "subtensorModule.setWeights");
      assert.equal(
        call.callIndex[0],
        fake.metadata.asLatest.pallets
          .find((p) => p.name.eq("SubtensorModule"))!.index.toNumber(),
      );
      const json = call.toJSON() as { args: Record<string, unknown> };
      assert.deepEqual(json.args, {
        netuid: NETUID,
        dests: [1, 3],
        weights: [65535, 21845],
        "version_key": 10_002_000,
      });
      await assert.rejects(
        chain.setWeights(validator, { uids: [1, 2], weights: [70000, 1], versionKey: 0n }),
        /bad value "70000"/,
      );
      assert.equal(fake.submitted.length, 1);
    } finally {
      await chain.close();
    }
  },
});

Deno.test({
  name: "SubtensorChain.setCommitment() encodes the text in a Raw<N> field",
  fn: async () => {
    const { fake, chain } = await setup();
    try {
      const text = `alice/policy:0123456789ab:${UUID}`;
      const receipt = await chain.setCommitment(miners[0], text);
      assert.equal(receipt.block, 5_000_001);
      const call = fake.submitted[0].extrinsic.method;
      assert.equal(`${call.section}.${call.method}`, "commitments.setCommitment");
      assert.equal(call.args[0].toString(), String(NETUID));
      const info = call.args[1] as unknown as {
        fields: {
          type: string;
          value: { toU8a(bare: boolean): Uint8Array };
          toU8a(): Uint8Array;
        }[];
      };
      assert.equal(info.fields.length, 1);
      assert.equal(info.fields[0].type, `Raw${text.length}`);
      const encoded = info.fields[0].toU8a();
      assert.equal(encoded[0], text.length + 1, "Data::RawN is tagged N + 1, no length prefix");
      assert.equal(u8aToString(encoded.subarray(1)), text);
      assert.equal(u8aToString(info.fields[0].value.toU8a(true)), text);
      await assert.rejects(chain.setCommitment(miners[0], "x".repeat(129)), RangeError);
    } finally {
      await chain.close();
    }
  },
});

Deno.test({
  name: "SubtensorChain maps chain errors to clear messages",
  fn: async (t) => {
    const { fake, chain } = await setup();
    const request = { uids: [1], weights: [65535], versionKey: 0n };
    try {
      const cases: [string, RegExp][] = [
        ["SubtensorModule.SettingWeightsTooFast", /WeightsSetRateLimit/],
        ["SubtensorModule.HotKeyNotRegisteredInSubNet", /not registered on this subnet/],
        ["SubtensorModule.IncorrectWeightVersionKey", /lower than the subnet's WeightsVersionKey/],
        ["SubtensorModule.CommitRevealEnabled", /commit-reveal enabled/],
      ];
      for (const [name, explanation] of cases) {
        await t.step(name, async () => {
          fake.onSubmit = () => ({ kind: "module-error", error: name });
          await assert.rejects(chain.setWeights(validator, request), (err: unknown) => {
            assert.ok(err instanceof ChainTxError, String(err));
            assert.equal(err.chainError, name);
            assert.match(err.message, /^Cannot set weights on netuid 26: chain refused it with /);
            assert.match(err.message, explanation);
            return true;
          });
        });
      }
      await t.step("pool rejection Custom error 19", async () => {
        fake.onSubmit = () => ({ kind: "pool-error", code: 19 });
        await assert.rejects(chain.setWeights(validator, request), (err: unknown) => {
          assert.ok(err instanceof ChainTxError, String(err));
          assert.equal(err.chainError, "CustomTransactionError.UidNotFound");
          assert.match(err.message, /HotKeyNotRegisteredInSubNet/);
          return true;
        });
      });
      await t.step('pool rejection in the {"invalid":{"custom":N}} form', async () => {
        fake.onSubmit = () => ({ kind: "pool-error", code: 6, form: "json" });
        await assert.rejects(chain.setWeights(validator, request), (err: unknown) => {
          assert.ok(err instanceof ChainTxError, String(err));
          assert.equal(err.chainError, "CustomTransactionError.RateLimitExceeded");
          assert.match(err.message, /WeightsSetRateLimit/);
          return true;
        });
      });
    } finally {
      await chain.close();
    }
  },
});

import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { ChainTxError } from "./errors.ts";
import { Hotkey } from "./hotkey.ts";
import { LocalChain } from "./local_chain.ts";

const MINERS = fileURLToPath(new URL("./testdata/local_miners.json", import.meta.url));
const validator = await Hotkey.fromUri("//Alice");

Deno.test("LocalChain.fromFile() reads miners and parses their commitments", async () => {
  const chain = await LocalChain.fromFile(MINERS, { netuid: 26, now: () => 0 });
  const entries = await chain.commitments();
  assert.deepEqual(entries.map((e) => [e.uid, e.ok]), [[0, true], [1, true], [2, false]]);
  assert.deepEqual(entries[0].ok && entries[0].target, {
    repo: "alice/policy",
    revision: "0123456789ab",
    chuteId: "3fa85f64-5717-4562-b3fc-2c963f66afa6",
  });
  assert.equal(entries[0].block, 900);
  assert.deepEqual(entries[1].ok && entries[1].target, { endpoint: "http://127.0.0.1:8001" });
  assert.ok(!entries[2].ok && /3 colon-separated parts/.test(entries[2].reason));
  const mg = await chain.metagraph();
  assert.deepEqual(mg.neurons.map((n) => n.uid), [0, 1, 2, 3]);
  assert.equal(mg.neurons[3].validatorPermit, true);
});

Deno.test("LocalChain blocks follow the injected clock", async () => {
  let now = 0;
  const chain = new LocalChain({ netuid: 1, startBlock: 10, now: () => now });
  assert.equal(await chain.currentBlock(), 10);
  now = 12_000 * 5 + 1;
  assert.equal(await chain.currentBlock(), 15);
  chain.advanceBlocks(3);
  assert.equal(await chain.currentBlock(), 18);
});

Deno.test("LocalChain.setWeights() records calls and applies the chain's rules", async () => {
  const chain = new LocalChain({
    netuid: 1,
    now: () => 0,
    policy: { rateLimit: 10, versionKey: 5n },
  });
  const miner = chain.register((await Hotkey.fromUri("//M")).address);
  const request = { uids: [miner], weights: [65535], versionKey: 5n };
  await assert.rejects(
    chain.setWeights(validator, request),
    (e: unknown) => e instanceof ChainTxError && /HotKeyNotRegisteredInSubNet/.test(e.message),
  );
  const uid = chain.register(validator.address, { validatorPermit: true });
  await assert.rejects(
    chain.setWeights(validator, { ...request, versionKey: 4n }),
    (e: unknown) => e instanceof ChainTxError && /IncorrectWeightVersionKey/.test(e.message),
  );
  const receipt = await chain.setWeights(validator, request);
  assert.equal(receipt.block, 1001);
  assert.deepEqual(chain.weightsSet, [{ block: 1001, hotkey: validator.address, ...request }]);
  assert.equal((await chain.metagraph()).neurons[uid].lastUpdate, 1001);
  await assert.rejects(
    chain.setWeights(validator, request),
    (e: unknown) => e instanceof ChainTxError && /SettingWeightsTooFast/.test(e.message),
  );
  chain.advanceBlocks(10);
  await chain.setWeights(validator, request);
  assert.equal(chain.weightsSet.length, 2);
  chain.setPolicy({ commitRevealEnabled: true });
  chain.advanceBlocks(10);
  await assert.rejects(chain.setWeights(validator, request), /CommitRevealEnabled/);
});

Deno.test("LocalChain.setCommitment() stores the text with its block", async () => {
  const chain = new LocalChain({ netuid: 1, now: () => 0 });
  const miner = await Hotkey.fromUri("//M");
  await assert.rejects(chain.setCommitment(miner, "x"), /AccountNotAllowedCommit/);
  chain.register(miner.address);
  const text = "u/r:0123456789ab:3fa85f64-5717-4562-b3fc-2c963f66afa6";
  const receipt = await chain.setCommitment(miner, text);
  const entry = await chain.commitmentOf(miner.address);
  assert.equal(entry?.raw, text);
  assert.equal(entry?.block, receipt.block);
  assert.ok(entry?.ok);
});

Deno.test("LocalChain rejects a miner whose hotkey is not an SS58 address", () => {
  assert.throws(() =>
    new LocalChain({ netuid: 1, miners: [{ uid: 0, hotkey: "0x" + "11".repeat(32) }] })
  );
  assert.throws(() => new LocalChain({ netuid: 1, miners: [{ uid: 0, hotkey: "miner-0" }] }));
});

import assert from "node:assert/strict";
import { ChainTxError } from "./errors.ts";
import { Hotkey } from "./hotkey.ts";
import { LocalChain } from "./local_chain.ts";
import { encodeWeightsPayload, revealRound, timelockEncrypt } from "./timelock.ts";

const validator = await Hotkey.fromUri("//Alice");
const T0 = 1_760_000_000_000;

/** A commit-reveal chain on netuid 1 with tempo 9 (10-block epochs) and a driven clock. */
async function setup(policy: Record<string, unknown> = {}) {
  let now = T0;
  const chain = new LocalChain({
    netuid: 1,
    now: () => now,
    startBlock: 98,
    policy: { commitRevealEnabled: true, tempo: 9, revealPeriodEpochs: 1, ...policy },
  });
  const miners = await Promise.all(["//M0", "//M1"].map((u) => Hotkey.fromUri(u)));
  for (const m of miners) chain.register(m.address);
  chain.register(validator.address, { validatorPermit: true });
  const advance = (blocks: number) => (now += blocks * 12_000);
  const commitFor = async (uids: number[], values: number[], opts: { key?: Uint8Array } = {}) => {
    const block = await chain.currentBlock();
    const info = await chain.timelockInfo();
    const round = revealRound({
      block,
      netuid: 1,
      tempo: 9,
      revealPeriodEpochs: 1,
      nowSeconds: now / 1000,
    });
    const payload = encodeWeightsPayload({
      hotkey: validator.publicKey,
      uids,
      values,
      versionKey: 0n,
    });
    const commit = timelockEncrypt(payload, round, {
      publicKey: opts.key ?? info.beacon.publicKey,
    });
    return { round, commit };
  };
  return { chain, advance, commitFor, now: () => now };
}

Deno.test("LocalChain stores a timelocked commit and reveals it at its round", async () => {
  const { chain, advance, commitFor } = await setup();
  const { round, commit } = await commitFor([0, 1], [65535, 30000]);
  const receipt = await chain.commitTimelockedWeights(validator, {
    commit,
    revealRound: round,
    commitRevealVersion: 4,
  });
  assert.equal(receipt.block, 99);
  const pending = await chain.pendingCommits();
  assert.deepEqual(pending.map((p) => [p.hotkey, p.epoch, p.commitBlock, p.revealRound]), [
    [validator.address, 10, 99, round],
  ]);
  assert.deepEqual(await chain.weightsOf(2), { uids: [], weights: [] });
  // Epoch 11 of netuid 1 starts at block 108 (the commit itself added a block); the pulse is
  // due 13 block times after block 98, when the round was computed.
  advance(9);
  assert.equal(await chain.currentBlock(), 108);
  assert.equal((await chain.pendingCommits()).length, 1, "not before its pulse exists");
  advance(4);
  assert.equal((await chain.pendingCommits()).length, 0);
  assert.deepEqual(await chain.weightsOf(2), { uids: [0, 1], weights: [65535, 30000] });
  assert.deepEqual(chain.reveals.map((r) => [r.applied, r.revealRound]), [[true, round]]);
  assert.equal(chain.weightsSet[0].via, "reveal");
  assert.ok(await chain.drandPulse(round));
});

Deno.test("LocalChain drops a commit that does not open with its pulse, and one whose pulse never comes", async () => {
  const { chain, advance, commitFor } = await setup();
  const quicknet = await commitFor([0], [1], {
    key: (await import("./drand.ts")).DRAND_QUICKNET.publicKey,
  });
  await chain.commitTimelockedWeights(validator, {
    commit: quicknet.commit,
    revealRound: quicknet.round,
    commitRevealVersion: 4,
  });
  advance(13);
  await chain.currentBlock();
  assert.equal(chain.reveals.length, 1);
  assert.equal(chain.reveals[0].applied, false);
  assert.match(chain.reveals[0].reason!, /not the pulse of the round/);

  const far = await commitFor([0], [1]);
  await chain.commitTimelockedWeights(validator, {
    commit: far.commit,
    revealRound: far.round + 100_000n,
    commitRevealVersion: 4,
  });
  advance(25);
  assert.equal((await chain.pendingCommits()).length, 0);
  assert.match(chain.reveals[1].reason!, /expired: no drand pulse/);
  assert.equal(chain.weightsSet.length, 0);
});

Deno.test("LocalChain refuses commits the way subtensor does", async (t) => {
  const request = async (s: Awaited<ReturnType<typeof setup>>) => {
    const { round, commit } = await s.commitFor([0], [1]);
    return { commit, revealRound: round, commitRevealVersion: 4 };
  };
  const refused = (name: string) => (e: unknown) =>
    e instanceof ChainTxError && e.chainError === name;
  await t.step("CommitRevealDisabled", async () => {
    const s = await setup({ commitRevealEnabled: false });
    await assert.rejects(
      s.chain.commitTimelockedWeights(validator, await request(s)),
      refused("SubtensorModule.CommitRevealDisabled"),
    );
  });
  await t.step("IncorrectCommitRevealVersion", async () => {
    const s = await setup({ commitRevealVersion: 5 });
    await assert.rejects(
      s.chain.commitTimelockedWeights(validator, await request(s)),
      refused("SubtensorModule.IncorrectCommitRevealVersion"),
    );
  });
  await t.step("HotKeyNotRegisteredInSubNet", async () => {
    const s = await setup();
    await assert.rejects(
      s.chain.commitTimelockedWeights(await Hotkey.fromUri("//Nobody"), await request(s)),
      refused("SubtensorModule.HotKeyNotRegisteredInSubNet"),
    );
  });
  await t.step("InvalidRevealRound (pool)", async () => {
    const s = await setup();
    const r = await request(s);
    await assert.rejects(
      s.chain.commitTimelockedWeights(validator, { ...r, revealRound: 5n }),
      refused("CustomTransactionError.InvalidRevealRound"),
    );
  });
  await t.step("CommittingWeightsTooFast", async () => {
    const s = await setup({ rateLimit: 5 });
    await s.chain.commitTimelockedWeights(validator, await request(s));
    await assert.rejects(
      s.chain.commitTimelockedWeights(validator, await request(s)),
      refused("SubtensorModule.CommittingWeightsTooFast"),
    );
  });
  await t.step("TooManyUnrevealedCommits", async () => {
    const s = await setup({ tempo: 360 });
    for (let i = 0; i < 10; i++) {
      await s.chain.commitTimelockedWeights(validator, await request(s));
    }
    await assert.rejects(
      s.chain.commitTimelockedWeights(validator, await request(s)),
      refused("SubtensorModule.TooManyUnrevealedCommits"),
    );
  });
  await t.step("set_weights on a commit-reveal subnet", async () => {
    const s = await setup();
    await assert.rejects(
      s.chain.setWeights(validator, { uids: [0], weights: [1], versionKey: 0n }),
      refused("SubtensorModule.CommitRevealEnabled"),
    );
  });
});

Deno.test("LocalChain.fromFile() reads the object form with commit-reveal settings", async () => {
  const path = await Deno.makeTempFile({ suffix: ".json" });
  try {
    await Deno.writeTextFile(
      path,
      JSON.stringify({
        start_block: 500,
        genesis_time: 1_760_000_000,
        block_time_ms: 1000,
        tempo: 9,
        commit_reveal: true,
        reveal_period_epochs: 2,
        weights_rate_limit: 3,
        drand_secret_key: "11".repeat(32),
        miners: [{ uid: 0, hotkey: validator.address, validator_permit: true }],
      }),
    );
    const chain = await LocalChain.fromFile(path, { netuid: 1, now: () => 1_760_000_010_500 });
    assert.equal(await chain.currentBlock(), 510, "blocks count from genesis_time");
    const policy = await chain.weightsPolicy();
    assert.equal(policy.commitRevealEnabled, true);
    assert.equal(policy.revealPeriodEpochs, 2);
    assert.equal(policy.rateLimit, 3);
    const other = await LocalChain.fromFile(path, { netuid: 1, now: () => 1_760_000_010_500 });
    assert.deepEqual(other.beacon.publicKey, chain.beacon.publicKey, "the key comes from the file");
    await Deno.writeTextFile(path, JSON.stringify({ miners: [], tempo: "fast" }));
    await assert.rejects(LocalChain.fromFile(path, { netuid: 1 }), /tempo/);
    await Deno.writeTextFile(path, JSON.stringify({ miners: [], blocktime: 1 }));
    await assert.rejects(LocalChain.fromFile(path, { netuid: 1 }), /blocktime|Unrecognized/);
  } finally {
    await Deno.remove(path);
  }
});

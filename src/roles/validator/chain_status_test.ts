import assert from "node:assert/strict";
import { encodeWeightsPayload, Hotkey, LocalChain, timelockEncrypt } from "../../chain/mod.ts";
import { ChainStatusConfigSchema } from "../../config/mod.ts";
import { silentLogger } from "../../log/mod.ts";
import { runChainStatus } from "./chain_status.ts";

const validator = await Hotkey.fromUri("//Validator");
const other = await Hotkey.fromUri("//Other");
const NOW = 1_760_000_000_000;

async function chainWithCommits(): Promise<LocalChain> {
  const chain = new LocalChain({
    netuid: 7,
    now: () => NOW,
    startBlock: 5000,
    policy: { commitRevealEnabled: true, tempo: 99, revealPeriodEpochs: 2, rateLimit: 50 },
  });
  chain.register(validator.address, { validatorPermit: true });
  chain.register(other.address, { validatorPermit: true });
  const info = await chain.timelockInfo();
  for (const [hotkey, round] of [[validator, 1000n], [other, 1001n]] as const) {
    const payload = encodeWeightsPayload({
      hotkey: hotkey.publicKey,
      uids: [0],
      values: [1],
      versionKey: 0n,
    });
    const revealRound = info.lastStoredRound + round;
    await chain.commitTimelockedWeights(hotkey, {
      commit: timelockEncrypt(payload, revealRound, { publicKey: info.beacon.publicKey }),
      revealRound,
      commitRevealVersion: 4,
    });
  }
  return chain;
}

Deno.test("runChainStatus() shows the mode, the commit-reveal settings and the hotkey's pending commits", async () => {
  const chain = await chainWithCommits();
  const printed: string[] = [];
  const config = ChainStatusConfigSchema.parse({
    netuid: 7,
    network: "file:x",
    hotkey: validator.address,
    json: true,
  });
  const status = await runChainStatus(config, {
    log: silentLogger(),
    print: (t) => printed.push(t),
    openChain: () => Promise.resolve(chain),
    now: () => NOW,
  });
  assert.deepEqual(JSON.parse(printed[0]), status);
  assert.equal(status.mode, "commit-reveal");
  assert.equal(status.commitRevealEnabled, true);
  assert.equal(status.tempo, 99);
  assert.equal(status.revealPeriodEpochs, 2);
  assert.equal(status.commitRevealVersion, 4);
  assert.equal(status.commitCall, "commit_timelocked_mechanism_weights");
  assert.equal(status.drand.beacon, "other", "the local chain's test beacon is not quicknet");
  assert.equal(status.uid, 0);
  assert.equal(status.pendingCommits.length, 1);
  const [p] = status.pendingCommits;
  assert.equal(p.hotkey, validator.address);
  assert.equal(BigInt(p.revealRound), BigInt(status.drand.lastStoredRound) + 1000n);
  assert.equal(p.revealInSeconds, 3000, "1000 rounds of 3 s after the current one");
  assert.equal(p.commitBlock, 5001);
});

Deno.test("runChainStatus() prints text, and every hotkey's commits without a wallet", async () => {
  const chain = await chainWithCommits();
  const printed: string[] = [];
  const config = ChainStatusConfigSchema.parse({
    netuid: 7,
    network: "file:x",
    walletPath: "/nonexistent",
  });
  const status = await runChainStatus(config, {
    log: silentLogger(),
    print: (t) => printed.push(t),
    openChain: () => Promise.resolve(chain),
    now: () => NOW,
  });
  assert.equal(status.hotkey, null);
  assert.equal(status.pendingCommits.length, 2);
  const text = printed[0];
  assert.match(text, /weights mode: +commit-reveal \(commit-reveal on\)/);
  assert.match(text, /reveal period: +2 epoch/);
  assert.match(text, /pending commits: +2/);
  assert.ok(text.includes(other.address));
});

import assert from "node:assert/strict";
import { Hotkey, LocalChain } from "../../chain/mod.ts";
import { CommitConfigSchema, ShowCommitmentConfigSchema } from "../../config/mod.ts";
import { NotFoundError, UsageError } from "../../errors/mod.ts";
import { silentLogger } from "../../log/mod.ts";
import { runCommit, runShowCommitment } from "./commit.ts";

const UUID = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const SHA = "0123456789abcdef0123456789abcdef01234567";
const miner = await Hotkey.fromUri("//Miner");

function deps(chain: LocalChain, printed: string[], opened: string[] = []) {
  return {
    log: silentLogger(),
    print: (t: string) => printed.push(t),
    loadHotkey: () => Promise.resolve(miner),
    openChain: (network: string) => {
      opened.push(network);
      return Promise.resolve(chain);
    },
  };
}

Deno.test("runCommit() writes repo:rev12:uuid and prints the block", async () => {
  const chain = new LocalChain({ netuid: 26, now: () => 0 });
  chain.register(miner.address);
  const printed: string[] = [];
  const config = CommitConfigSchema.parse({ repo: "me/policy", revision: SHA, chuteId: UUID });
  assert.equal(await runCommit(config, deps(chain, printed)), 0);
  assert.equal(
    printed[0],
    `Committed "me/policy:0123456789ab:${UUID}" for ${miner.address} on netuid 26 at block 1001`,
  );
  const entry = await chain.commitmentOf(miner.address);
  assert.equal(entry?.raw, `me/policy:0123456789ab:${UUID}`);
});

Deno.test("runCommit() rejects bad input before connecting", async () => {
  const chain = new LocalChain({ netuid: 26, now: () => 0 });
  const opened: string[] = [];
  for (
    const bad of [{ chuteId: "nope" }, { repo: "a:b/c" }, {
      repo: `${"x".repeat(60)}/${"y".repeat(30)}`,
    }]
  ) {
    const config = CommitConfigSchema.parse({
      repo: "me/policy",
      revision: SHA,
      chuteId: UUID,
      ...bad,
    });
    await assert.rejects(runCommit(config, deps(chain, [], opened)), UsageError);
  }
  assert.deepEqual(opened, []);
});

Deno.test("runShowCommitment() finds a commitment by uid, hotkey or wallet", async () => {
  const chain = new LocalChain({ netuid: 26, now: () => 0 });
  const uid = chain.register(miner.address);
  await chain.setCommitment(miner, `me/policy:0123456789ab:${UUID}`);
  for (const args of [{ uid }, { hotkey: miner.address }, {}]) {
    const printed: string[] = [];
    await runShowCommitment(
      ShowCommitmentConfigSchema.parse({ ...args, json: true }),
      deps(chain, printed),
    );
    const entry = JSON.parse(printed[0]);
    assert.equal(entry.uid, uid);
    assert.equal(entry.block, 1001);
    assert.deepEqual(entry.target, { repo: "me/policy", revision: "0123456789ab", chuteId: UUID });
  }
  await assert.rejects(
    runShowCommitment(ShowCommitmentConfigSchema.parse({ uid: 42 }), deps(chain, [])),
    NotFoundError,
  );
});

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

Deno.test("runCommit() --model commits m1:<sha256>:hf:<repo>@<rev> of a model that meets the contract", async () => {
  const { linearModel } = await import("../../policy/_test_models.ts");
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/policy.onnx`;
    const bytes = linearModel();
    await Deno.writeFile(file, bytes);
    const sha = new Uint8Array(await crypto.subtle.digest("SHA-256", new Uint8Array(bytes)))
      .toHex();
    const chain = new LocalChain({ netuid: 26, now: () => 0 });
    chain.register(miner.address);
    const config = CommitConfigSchema.parse({ model: file, repo: "me/policy", revision: SHA });
    assert.equal(await runCommit(config, deps(chain, [])), 0);
    const entry = await chain.commitmentOf(miner.address);
    assert.equal(entry?.raw, `m1:${sha}:hf:me/policy@${SHA}`);
    assert.ok(entry?.ok && entry.target.model?.sha256 === sha);
    const printed: string[] = [];
    await runShowCommitment(ShowCommitmentConfigSchema.parse({}), deps(chain, printed));
    assert.match(printed[0], new RegExp(`model: +sha256 ${sha}\nsource: +hf:me/policy@${SHA}`));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runCommit() --model refuses a file outside the contract before connecting", async () => {
  const { wrongInputModel } = await import("../../policy/_test_models.ts");
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/policy.onnx`;
    await Deno.writeFile(file, wrongInputModel());
    const chain = new LocalChain({ netuid: 26, now: () => 0 });
    const opened: string[] = [];
    const cases: [Record<string, string>, RegExp][] = [
      [{ model: file, repo: "me/policy", revision: SHA }, /input "image" is not in the contract/],
      [{ model: `${dir}/missing.onnx`, url: "https://x.org/m.onnx" }, /Cannot read the model/],
      [{ model: file, repo: "me/policy" }, /needs --repo and --revision, or --url/],
      [{ model: file, url: "https://x.org/m.onnx", chuteId: UUID }, /--chute-id is for/],
      [{ repo: "me/policy", revision: SHA }, /give --chute-id, or --model FILE/],
    ];
    for (const [args, pattern] of cases) {
      await assert.rejects(
        runCommit(CommitConfigSchema.parse(args), deps(chain, [], opened)),
        (err: unknown) => err instanceof UsageError && pattern.test(err.message),
      );
    }
    assert.deepEqual(opened, []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runShowCommitment() refuses a malformed --hotkey in one line", async () => {
  const chain = new LocalChain({ netuid: 26, now: () => 0 });
  await assert.rejects(
    // the flag's schema refuses it first; the role checks again (the checksum too)
    runShowCommitment(
      { ...ShowCommitmentConfigSchema.parse({}), hotkey: "5Fake!" },
      deps(chain, []),
    ),
    (err: unknown) =>
      err instanceof UsageError &&
      err.message === 'Cannot show commitment: --hotkey "5Fake!" is not an SS58 address',
  );
});

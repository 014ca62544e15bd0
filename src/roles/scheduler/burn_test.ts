import assert from "node:assert/strict";
import { Hotkey, LocalChain } from "../../chain/mod.ts";
import type { LogFields, Logger } from "../../log/mod.ts";
import { resolveBurnTarget } from "./burn.ts";
import type { MinerSource } from "./deps.ts";

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const log: Logger & { warnings: string[] } = {
    warnings,
    debug() {},
    info() {},
    warn(message: string, _fields?: LogFields) {
      warnings.push(message);
    },
    error() {},
    child: () => log,
  } as unknown as Logger & { warnings: string[] };
  return log;
}

const owner = await Hotkey.fromUri("//Owner");
const miner = await Hotkey.fromUri("//M0");

function local(): LocalChain {
  return new LocalChain({
    netuid: 7,
    miners: [
      { uid: 0, hotkey: miner.address, endpoint: "http://127.0.0.1:1" },
      { uid: 4, hotkey: owner.address },
    ],
  });
}

Deno.test("resolveBurnTarget() defaults to the subnet owner's uid", async () => {
  const chain = local();
  const source: MinerSource = {
    currentBlock: () => chain.currentBlock(),
    commitments: () => chain.commitments(),
    subnetOwner: () => Promise.resolve({ hotkey: owner.address, uid: 4 }),
  };
  const log = recordingLogger();
  assert.deepEqual(await resolveBurnTarget(source, undefined, log), {
    uid: 4,
    hotkey: owner.address,
  });
  assert.deepEqual(log.warnings, []);
});

Deno.test("resolveBurnTarget() takes --burn-uid with its hotkey from the metagraph", async () => {
  const log = recordingLogger();
  assert.deepEqual(await resolveBurnTarget(local(), 0, log), { uid: 0, hotkey: miner.address });
  // an unregistered uid has no hotkey to sign for: no burn target, and a warning
  assert.equal(await resolveBurnTarget(local(), 9, log), null);
  assert.match(log.warnings[0], /not registered/);
});

Deno.test("resolveBurnTarget() gives null with a warning when the owner is unknown", async () => {
  const chain = local();
  const base = {
    currentBlock: () => chain.currentBlock(),
    commitments: () => chain.commitments(),
  };
  const cases: [MinerSource, RegExp][] = [
    [base, /no subnet owner/],
    [{ ...base, subnetOwner: () => Promise.resolve(null) }, /holds no uid/],
    [
      { ...base, subnetOwner: () => Promise.resolve({ hotkey: owner.address, uid: null }) },
      /holds no uid/,
    ],
    [{ ...base, subnetOwner: () => Promise.reject(new Error("down")) }, /Cannot read/],
  ];
  for (const [source, warning] of cases) {
    const log = recordingLogger();
    assert.equal(await resolveBurnTarget(source, undefined, log), null);
    assert.match(log.warnings[0], warning);
  }
});

import assert from "node:assert/strict";
import { ChainTxError, Hotkey, LocalChain, signWeights } from "../../chain/mod.ts";
import { createWeightsRecord } from "../../core/wire/mod.ts";
import { ConfigError, UpstreamError } from "../../errors/mod.ts";
import { createLogger, silentLogger } from "../../log/mod.ts";
import { runValidatorLoop } from "./loop.ts";
import type { StepResult } from "./step.ts";

const operator = await Hotkey.fromUri("//Operator");
const validator = await Hotkey.fromUri("//Validator");

Deno.test("runValidatorLoop() backs off on errors and stops on abort", async () => {
  const chain = new LocalChain({ netuid: 1, now: () => 0 });
  chain.register(validator.address, { validatorPermit: true });
  const doc = signWeights(
    createWeightsRecord([{ uid: 0, hotkey: validator.address, weight: 1 }], {
      netuid: 1,
      cycleId: 1,
      block: 1,
    }),
    operator,
  );
  let calls = 0;
  const fetchWeights = () => {
    calls++;
    return calls <= 3 ? Promise.reject(new UpstreamError("down")) : Promise.resolve(doc);
  };
  const controller = new AbortController();
  const delays: number[] = [];
  const results: (StepResult | Error)[] = [];
  await runValidatorLoop({
    chain,
    hotkey: validator,
    fetchWeights,
    log: silentLogger(),
    print: () => {},
    operatorSs58: operator.address,
    refreshBlocks: 100,
    dryRun: false,
  }, {
    pollMs: 1000,
    maxBackoffMs: 3000,
    signal: controller.signal,
    sleep: (ms) => {
      delays.push(ms);
      if (delays.length === 5) controller.abort();
      return Promise.resolve();
    },
    onStep: (r) => results.push(r),
  });
  assert.deepEqual(delays, [1000, 2000, 3000, 1000, 1000]);
  assert.deepEqual(
    results.map((r) => r instanceof Error ? "error" : r.action),
    ["error", "error", "error", "submitted", "up-to-date"],
  );
  assert.equal(chain.weightsSet.length, 1);
});

Deno.test("runValidatorLoop() ends when the hotkey is not registered", async () => {
  const chain = new LocalChain({ netuid: 1, now: () => 0 });
  const doc = signWeights(
    createWeightsRecord([], { netuid: 1, cycleId: 1, block: 1 }),
    operator,
  );
  await assert.rejects(
    runValidatorLoop({
      chain,
      hotkey: validator,
      fetchWeights: () => Promise.resolve(doc),
      log: silentLogger(),
      print: () => {},
      operatorSs58: operator.address,
      refreshBlocks: 100,
      dryRun: false,
    }, { pollMs: 1, signal: new AbortController().signal, sleep: () => Promise.resolve() }),
    ConfigError,
  );
});

Deno.test("runValidatorLoop() explains a chain refusal in one log line and keeps running", async () => {
  class RefusingChain extends LocalChain {
    override commitTimelockedWeights(): Promise<never> {
      return Promise.reject(
        new ChainTxError("commit weights on netuid 1", "CustomTransactionError.InvalidRevealRound"),
      );
    }
  }
  const chain = new RefusingChain({
    netuid: 1,
    startBlock: 10,
    policy: { commitRevealEnabled: true },
  });
  chain.register(validator.address, { validatorPermit: true });
  const doc = signWeights(
    createWeightsRecord([{ uid: 0, hotkey: validator.address, weight: 1 }], {
      netuid: 1,
      cycleId: 1,
      block: 9,
    }),
    operator,
  );
  const lines: Record<string, unknown>[] = [];
  const controller = new AbortController();
  const delays: number[] = [];
  await runValidatorLoop({
    chain,
    hotkey: validator,
    fetchWeights: () => Promise.resolve(doc),
    log: createLogger({ format: "json", write: (l) => lines.push(JSON.parse(l)) }),
    print: () => {},
    operatorSs58: operator.address,
    refreshBlocks: 100,
    dryRun: false,
  }, {
    pollMs: 1000,
    signal: controller.signal,
    sleep: (ms) => {
      delays.push(ms);
      if (delays.length === 3) controller.abort();
      return Promise.resolve();
    },
  });
  assert.deepEqual(delays, [1000, 2000, 4000], "backs off from the poll interval, never 0");
  const refusals = lines.filter((l) => l.msg === "Chain refused the weights");
  assert.equal(refusals.length, 3);
  assert.equal(refusals[0].chainError, "CustomTransactionError.InvalidRevealRound");
  assert.match(String(refusals[0].explanation), /LastStoredRound/);
});

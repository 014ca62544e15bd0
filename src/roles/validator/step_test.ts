import assert from "node:assert/strict";
import { ChainTxError, Hotkey, LocalChain, signWeights } from "../../chain/mod.ts";
import { createWeightsRecord } from "../../core/wire/mod.ts";
import { AuthError, ConfigError, ValidationError } from "../../errors/mod.ts";
import { silentLogger } from "../../log/mod.ts";
import { runValidatorStep, type StepDeps, type ValidatorState } from "./step.ts";

const operator = await Hotkey.fromUri("//Operator");
const validator = await Hotkey.fromUri("//Validator");
const miners = await Promise.all(["//M0", "//M1", "//M2"].map((u) => Hotkey.fromUri(u)));

function setup(options: { weights?: unknown; rateLimit?: number; versionKey?: bigint } = {}) {
  const chain = new LocalChain({
    netuid: 26,
    now: () => 0,
    policy: { rateLimit: options.rateLimit ?? 0, versionKey: options.versionKey ?? 7n },
  });
  const uids = miners.map((m) => chain.register(m.address));
  chain.register(validator.address, { validatorPermit: true });
  const record = createWeightsRecord(
    uids.map((uid, i) => ({ uid, hotkey: miners[i].address, weight: i + 1 })),
    { netuid: 26, cycleId: 3, block: 999 },
  );
  const printed: string[] = [];
  let doc: unknown = options.weights ?? signWeights(record, operator);
  const deps: StepDeps = {
    chain,
    hotkey: validator,
    fetchWeights: () => Promise.resolve(doc),
    log: silentLogger(),
    print: (t) => printed.push(t),
    operatorSs58: operator.address,
    refreshBlocks: 50,
    dryRun: false,
  };
  return { chain, deps, record, printed, setDoc: (d: unknown) => (doc = d) };
}

Deno.test("runValidatorStep() sets verified weights with the subnet's version key", async () => {
  const { chain, deps } = await setup();
  const state: ValidatorState = {};
  const result = await runValidatorStep(state, deps);
  assert.equal(result.action, "submitted");
  assert.deepEqual(
    chain.weightsSet.map(({ uids, weights, versionKey, hotkey }) => ({
      uids,
      weights,
      versionKey,
      hotkey,
    })),
    [{
      uids: [0, 1, 2],
      weights: [21845, 43690, 65535],
      versionKey: 7n,
      hotkey: validator.address,
    }],
  );
  assert.deepEqual(
    { ...state.last, digest: undefined },
    { cycleId: 3, block: 999, setAt: chain.weightsSet[0].block, digest: undefined },
  );
  assert.match(state.last?.digest ?? "", /^[0-9a-f]{64}$/);
});

Deno.test("runValidatorStep() leaves fresh weights alone and re-sets them before they go stale", async () => {
  const { chain, deps } = await setup();
  const state: ValidatorState = {};
  await runValidatorStep(state, deps);
  chain.advanceBlocks(49);
  assert.deepEqual(await runValidatorStep(state, deps), {
    action: "up-to-date",
    blocksSinceUpdate: 49,
  });
  chain.advanceBlocks(1);
  assert.equal((await runValidatorStep(state, deps)).action, "submitted");
  assert.equal(chain.weightsSet.length, 2);
});

Deno.test("runValidatorStep() drops uids whose hotkey changed", async () => {
  const { chain, deps, record, setDoc } = await setup();
  const stranger = (await Hotkey.fromUri("//Stranger")).address;
  setDoc(
    signWeights({ ...record, hotkeys: [record.hotkeys[0], stranger, record.hotkeys[2]] }, operator),
  );
  const result = await runValidatorStep({}, deps);
  assert.equal(result.action, "submitted");
  if (result.action === "submitted") assert.deepEqual(result.submission.dropped, [1]);
  assert.deepEqual(chain.weightsSet[0].uids, [0, 2]);
  assert.deepEqual(chain.weightsSet[0].weights, [21845, 65535]);
});

Deno.test("runValidatorStep() refuses weights not signed by the operator", async (t) => {
  const { chain, deps, record, setDoc } = await setup();
  await t.step("other signer", async () => {
    setDoc(signWeights(record, miners[0]));
    await assert.rejects(runValidatorStep({}, deps), AuthError);
  });
  await t.step("tampered weights", async () => {
    setDoc({ ...signWeights(record, operator), weights_u16: [65535, 65535, 65535] });
    await assert.rejects(runValidatorStep({}, deps), AuthError);
  });
  await t.step("malformed document", async () => {
    setDoc({ hello: "world" });
    await assert.rejects(runValidatorStep({}, deps), ValidationError);
  });
  await t.step("other netuid", async () => {
    setDoc(signWeights({ ...record, netuid: 27 }, operator));
    await assert.rejects(runValidatorStep({}, deps), /they are for netuid 27/);
  });
  assert.equal(chain.weightsSet.length, 0);
});

Deno.test("runValidatorStep() waits for the rate limit", async () => {
  const { chain, deps } = await setup({ rateLimit: 100 });
  const state: ValidatorState = {};
  await runValidatorStep(state, deps);
  chain.advanceBlocks(60);
  state.last = undefined; // a new record arrives
  assert.deepEqual(await runValidatorStep(state, deps), { action: "rate-limited", waitBlocks: 40 });
  chain.advanceBlocks(40);
  assert.equal((await runValidatorStep(state, deps)).action, "submitted");
});

Deno.test("runValidatorStep() in dry run prints and submits nothing", async () => {
  const { chain, deps, printed } = await setup();
  const state: ValidatorState = {};
  const result = await runValidatorStep(state, { ...deps, dryRun: true, json: true });
  assert.equal(result.action, "dry-run");
  assert.equal(chain.weightsSet.length, 0);
  const out = JSON.parse(printed[0]);
  assert.equal(out.mode, "set_weights");
  assert.equal(out.call, "set_weights");
  assert.deepEqual(out.uids, [0, 1, 2]);
  assert.deepEqual(out.weights, [21845, 43690, 65535]);
  assert.equal(out.versionKey, "7");
  assert.equal((await runValidatorStep(state, { ...deps, dryRun: true })).action, "up-to-date");
});

Deno.test("runValidatorStep() handles the remaining cases", async (t) => {
  await t.step("no weights yet", async () => {
    const { deps, setDoc } = await setup();
    setDoc(null);
    assert.deepEqual(await runValidatorStep({}, deps), { action: "no-weights" });
  });
  await t.step("validator not registered", async () => {
    const { deps } = await setup();
    const other = await Hotkey.fromUri("//Unregistered");
    await assert.rejects(runValidatorStep({}, { ...deps, hotkey: other }), ConfigError);
  });
  await t.step("chain refuses set_weights", async () => {
    const { deps } = await setup();
    class RefusingChain extends LocalChain {
      override setWeights(): Promise<never> {
        return Promise.reject(
          new ChainTxError("set weights on netuid 26", "CustomTransactionError.UidNotFound"),
        );
      }
    }
    const chain = new RefusingChain({ netuid: 26, now: () => 0, policy: { versionKey: 7n } });
    for (const m of miners) chain.register(m.address);
    chain.register(validator.address, { validatorPermit: true });
    const state = {};
    await assert.rejects(
      runValidatorStep(state, { ...deps, chain }),
      (e: unknown) => e instanceof ChainTxError && /HotKeyNotRegisteredInSubNet/.test(e.message),
    );
    assert.deepEqual(state, {}, "a refused record is not remembered as set");
  });
  await t.step("configured version key below the subnet's", async () => {
    const { chain, deps } = await setup({ versionKey: 9n });
    await runValidatorStep({}, { ...deps, versionKey: 3n });
    assert.equal(chain.weightsSet[0].versionKey, 9n);
  });
  await t.step("configured version key above the subnet's", async () => {
    const { chain, deps } = await setup({ versionKey: 9n });
    await runValidatorStep({}, { ...deps, versionKey: 10_002_000n });
    assert.equal(chain.weightsSet[0].versionKey, 10_002_000n);
  });
});

import assert from "node:assert/strict";
import { join } from "node:path";
import { type Chain, Hotkey, LocalChain, signWeights } from "../../chain/mod.ts";
import { createWeightsRecord, type WeightsRecord } from "../../core/wire/mod.ts";
import { ConfigError } from "../../errors/mod.ts";
import { createLogger } from "../../log/mod.ts";
import { runValidatorStep, type StepDeps } from "./step.ts";
import { fileValidatorStore, type ValidatorState } from "./store.ts";

const operator = await Hotkey.fromUri("//Operator");
const validator = await Hotkey.fromUri("//Validator");
const miners = await Promise.all(["//M0", "//M1"].map((u) => Hotkey.fromUri(u)));

function record(cycleId: number, block: number, weights = [1, 2]): WeightsRecord {
  return createWeightsRecord(
    miners.map((m, uid) => ({ uid, hotkey: m.address, weight: weights[uid] })),
    { netuid: 26, cycleId, block },
  );
}

/** Counts every chain method call, so a test can assert that a refusal made none. */
function countingChain(chain: LocalChain): { chain: Chain; calls: string[] } {
  const calls: string[] = [];
  const proxy = new Proxy(chain, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls.push(String(prop));
        return value.apply(target, args);
      };
    },
  });
  return { chain: proxy, calls };
}

function setup(startBlock = 5000) {
  const local = new LocalChain({ netuid: 26, now: () => 0, startBlock });
  for (const m of miners) local.register(m.address);
  local.register(validator.address, { validatorPermit: true });
  const { chain, calls } = countingChain(local);
  const lines: Record<string, unknown>[] = [];
  let doc: unknown = null;
  const deps: StepDeps = {
    chain,
    hotkey: validator,
    fetchWeights: () => Promise.resolve(doc),
    log: createLogger({ format: "json", write: (l) => lines.push(JSON.parse(l)) }),
    print: () => {},
    operatorSs58: operator.address,
    refreshBlocks: 100,
    dryRun: false,
    maxRecordAge: 1000,
  };
  const serve = (r: WeightsRecord) => (doc = signWeights(r, operator));
  return { local, calls, deps, lines, serve };
}

Deno.test("runValidatorStep() refuses a record older than the one it set, with one log line and no chain call", async () => {
  const { local, calls, deps, lines, serve } = setup();
  const state: ValidatorState = {};
  serve(record(5, 4990));
  assert.equal((await runValidatorStep(state, deps)).action, "submitted");
  // The cheapest attack: replay a captured, validly signed record of an earlier cycle.
  serve(record(4, 4800, [2, 1]));
  calls.length = 0;
  assert.deepEqual(await runValidatorStep(state, deps), {
    action: "refused",
    reason: "older",
    cycleId: 4,
  });
  assert.deepEqual(calls, [], "no chain call at all");
  assert.equal(local.weightsSet.length, 1);
  const line = lines.at(-1)!;
  assert.equal(line.level, "warn");
  assert.match(String(line.msg), /^Refused weights record: its cycle is older/);
  assert.equal(line.lastCycleId, 5);
});

Deno.test("runValidatorStep() refuses the same cycle with other content (a replayed or forged record)", async () => {
  const { local, calls, deps, serve } = setup();
  const state: ValidatorState = {};
  serve(record(5, 4990));
  await runValidatorStep(state, deps);
  serve(record(5, 4990, [5, 1]));
  calls.length = 0;
  assert.equal((await runValidatorStep(state, deps)).action, "refused");
  assert.deepEqual(calls, []);
  // The same record again is fine (it is how unchanged weights are refreshed).
  serve(record(5, 4990));
  assert.equal((await runValidatorStep(state, deps)).action, "up-to-date");
  // A newer cycle that claims an earlier block is refused too.
  serve(record(6, 4900));
  assert.equal((await runValidatorStep(state, deps)).action, "refused");
  assert.equal(local.weightsSet.length, 1);
});

Deno.test("runValidatorStep() refuses a record older than --max-record-age blocks and sets a newer one", async () => {
  const { local, deps, lines, serve } = setup(9000);
  const state: ValidatorState = {};
  serve(record(5, 7999));
  assert.deepEqual(await runValidatorStep(state, deps), {
    action: "refused",
    reason: "over-age",
    cycleId: 5,
  });
  assert.equal(lines.at(-1)!.ageBlocks, 1001);
  assert.equal(local.weightsSet.length, 0, "nothing submitted");
  serve(record(6, 8000));
  assert.equal((await runValidatorStep(state, deps)).action, "submitted");
  serve(record(7, 8900, [3, 1]));
  assert.equal((await runValidatorStep(state, deps)).action, "submitted");
  assert.deepEqual(local.weightsSet.map((w) => w.weights), [[32768, 65535], [65535, 21845]]);
});

Deno.test("the replay history survives a restart in the data directory", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { deps, serve } = setup();
    const store = fileValidatorStore(join(dir, "validator"), 26);
    serve(record(5, 4990));
    assert.equal(
      (await runValidatorStep(await store.load(), { ...deps, store })).action,
      "submitted",
    );
    const saved = JSON.parse(await Deno.readTextFile(store.path));
    assert.equal(saved.last.cycleId, 5);
    // A new process: fresh state from disk, then the older record.
    const restarted = await store.load();
    serve(record(4, 4800));
    assert.equal((await runValidatorStep(restarted, { ...deps, store })).action, "refused");
    await Deno.writeTextFile(store.path, "{not json");
    await assert.rejects(
      store.load(),
      (e: unknown) => e instanceof ConfigError && /not JSON/.test(e.message),
    );
    await Deno.writeTextFile(store.path, JSON.stringify({ last: { cycleId: "x" } }));
    await assert.rejects(store.load(), /last\.cycleId/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

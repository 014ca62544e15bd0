import assert from "node:assert/strict";
import {
  bytesToHex,
  ChainTxError,
  DRAND_QUICKNET,
  encodeWeightsPayload,
  Hotkey,
  LocalChain,
  revealRound,
  signWeights,
  timelockDecrypt,
  type TimelockInfo,
} from "../../chain/mod.ts";
import { createWeightsRecord } from "../../core/wire/mod.ts";
import { ConflictError } from "../../errors/mod.ts";
import { createLogger } from "../../log/mod.ts";
import { runValidatorStep, type StepDeps } from "./step.ts";
import type { ValidatorState } from "./store.ts";

const operator = await Hotkey.fromUri("//Operator");
const validator = await Hotkey.fromUri("//Validator");
const miners = await Promise.all(["//M0", "//M1", "//M2"].map((u) => Hotkey.fromUri(u)));
const T0 = 1_760_000_000_000;
const NETUID = 26;

/** A commit-reveal subnet (tempo 9: 10-block epochs) on a local chain with a driven clock. */
function setup(options: { chain?: LocalChain; policy?: Record<string, unknown> } = {}) {
  let now = T0;
  const chain = options.chain ?? new LocalChain({
    netuid: NETUID,
    now: () => now,
    startBlock: 5000,
    policy: {
      commitRevealEnabled: true,
      tempo: 9,
      revealPeriodEpochs: 1,
      versionKey: 7n,
      ...options.policy,
    },
  });
  const uids = miners.map((m) => chain.register(m.address));
  const own = chain.register(validator.address, { validatorPermit: true });
  const record = createWeightsRecord(
    uids.map((uid, i) => ({ uid, hotkey: miners[i].address, weight: i + 1 })),
    { netuid: NETUID, cycleId: 3, block: 4990 },
  );
  const lines: Record<string, unknown>[] = [];
  const printed: string[] = [];
  const deps: StepDeps = {
    chain,
    hotkey: validator,
    fetchWeights: () => Promise.resolve(signWeights(record, operator)),
    log: createLogger({ format: "json", write: (l) => lines.push(JSON.parse(l)) }),
    print: (t) => printed.push(t),
    operatorSs58: operator.address,
    refreshBlocks: 50,
    dryRun: false,
    now: () => now,
  };
  const advance = (blocks: number) => (now += blocks * 12_000);
  return { chain, deps, own, lines, printed, advance, clock: () => now };
}

Deno.test("runValidatorStep() commits timelocked weights on a commit-reveal subnet and sees them applied", async () => {
  const { chain, deps, own, lines, advance } = setup();
  const state: ValidatorState = {};
  const first = await runValidatorStep(state, deps);
  assert.equal(first.action, "submitted");
  if (first.action !== "submitted") return;
  assert.equal(first.submission.mode, "commit-reveal");
  const plan = first.submission.commit!;
  assert.equal(plan.call, "commit_timelocked_mechanism_weights");
  assert.equal(plan.commitRevealVersion, 4);
  assert.equal(
    plan.revealRound,
    revealRound({
      block: 5000,
      netuid: NETUID,
      tempo: 9,
      revealPeriodEpochs: 1,
      nowSeconds: T0 / 1000,
    }),
  );
  const payload = encodeWeightsPayload({
    hotkey: validator.publicKey,
    uids: [0, 1, 2],
    values: [21845, 43690, 65535],
    versionKey: 7n,
  });
  assert.deepEqual(plan.payload, payload);
  assert.deepEqual(timelockDecrypt(plan.ciphertext, chain.beacon.sign(plan.revealRound)), payload);
  assert.equal(chain.weightsSet.length, 0, "nothing is set before the reveal");
  const pending = await chain.pendingCommits();
  assert.deepEqual(pending.map((p) => [p.hotkey, p.revealRound]), [[
    validator.address,
    plan.revealRound,
  ]]);
  assert.equal(state.pending?.revealRound, String(plan.revealRound));
  assert.ok(
    lines.some((l) => l.msg === "Weights committed" && l.revealRound === String(plan.revealRound)),
  );

  // One pending commit at a time: the next iterations wait.
  advance(2);
  const waiting = await runValidatorStep(state, deps);
  assert.deepEqual(waiting, {
    action: "commit-pending",
    revealRounds: [plan.revealRound],
    lastStoredRound: (await chain.timelockInfo()).lastStoredRound,
  });
  assert.equal((await chain.pendingCommits()).length, 1);

  // The chain reveals it in the next epoch once the round's pulse exists.
  advance(20);
  const after = await runValidatorStep(state, deps);
  assert.deepEqual(after.reveal, { revealRound: plan.revealRound, cycleId: 3, applied: true });
  assert.equal(after.action, "up-to-date");
  assert.deepEqual(await chain.weightsOf(own), { uids: [0, 1, 2], weights: [21845, 43690, 65535] });
  assert.equal(chain.weightsSet[0].via, "reveal");
  assert.equal(state.pending, undefined);
  assert.ok(lines.some((l) => l.msg === "Committed weights were revealed and applied"));
});

Deno.test("runValidatorStep() reads the mode every time: set_weights when commit-reveal is off", async () => {
  const { chain, deps, advance } = setup({ policy: { commitRevealEnabled: false } });
  const state: ValidatorState = {};
  const direct = await runValidatorStep(state, deps);
  assert.equal(direct.action, "submitted");
  assert.equal(direct.action === "submitted" && direct.submission.mode, "set_weights");
  assert.equal(chain.weightsSet.length, 1);
  assert.equal(chain.weightsSet[0].via, undefined);
  assert.deepEqual(await chain.pendingCommits(), []);

  chain.setPolicy({ commitRevealEnabled: true });
  advance(60);
  const committed = await runValidatorStep(state, deps);
  assert.equal(committed.action === "submitted" && committed.submission.mode, "commit-reveal");
  assert.equal((await chain.pendingCommits()).length, 1);
  assert.equal(chain.weightsSet.length, 1, "set_weights was not called again");
});

Deno.test("runValidatorStep() in a commit-reveal dry run prints mode, call, round, payload and ciphertext", async () => {
  const { chain, deps, printed } = setup();
  const result = await runValidatorStep({}, { ...deps, dryRun: true, json: true });
  assert.equal(result.action, "dry-run");
  const out = JSON.parse(printed[0]);
  assert.equal(out.mode, "commit-reveal");
  assert.equal(out.call, "commit_timelocked_mechanism_weights");
  assert.equal(out.commitRevealVersion, 4);
  const payload = encodeWeightsPayload({
    hotkey: validator.publicKey,
    uids: [0, 1, 2],
    values: [21845, 43690, 65535],
    versionKey: 7n,
  });
  assert.equal(out.payload, bytesToHex(payload));
  const ciphertext = Uint8Array.from(out.ciphertext.match(/../g), (h: string) => parseInt(h, 16));
  assert.deepEqual(
    timelockDecrypt(ciphertext, chain.beacon.sign(BigInt(out.revealRound))),
    payload,
  );
  assert.deepEqual(await chain.pendingCommits(), [], "a dry run submits nothing");
  const text: string[] = [];
  await runValidatorStep({}, { ...deps, dryRun: true, print: (t) => text.push(t) });
  assert.match(
    text[0],
    /^Dry run: would send commit_timelocked_mechanism_weights to drand round \d+/,
  );
});

Deno.test("runValidatorStep() reports a commit that was not applied and commits again", async (t) => {
  await t.step("ciphertext for another beacon", async () => {
    let now = T0;
    class WrongKeyChain extends LocalChain {
      override async timelockInfo(): Promise<TimelockInfo> {
        return { ...(await super.timelockInfo()), beacon: { ...DRAND_QUICKNET } };
      }
    }
    const chain = new WrongKeyChain({
      netuid: NETUID,
      now: () => now,
      startBlock: 5000,
      policy: { commitRevealEnabled: true, tempo: 9, versionKey: 7n },
    });
    const s = setup({ chain });
    const deps = { ...s.deps, now: () => now };
    const state: ValidatorState = {};
    assert.equal((await runValidatorStep(state, deps)).action, "submitted");
    now += 22 * 12_000;
    const result = await runValidatorStep(state, deps);
    assert.equal(result.reveal?.applied, false);
    assert.match(result.reveal!.reason!, /does not open with the pulse of round/);
    assert.equal(result.action, "submitted", "committed again at once (no rate limit)");
    const warn = s.lines.find((l) =>
      l.msg?.toString().startsWith("Committed weights were not applied")
    );
    assert.ok(warn && /does not open/.test(String(warn.reason)));
  });
  await t.step("no pulse before the reveal epoch ended", async () => {
    const { chain, deps } = setup();
    const state: ValidatorState = {};
    await runValidatorStep(state, deps);
    chain.advanceBlocks(25); // blocks pass, the beacon's clock does not
    const result = await runValidatorStep(state, deps);
    assert.equal(result.reveal?.applied, false);
    assert.match(result.reveal!.reason!, /holds no drand pulse for round \d+/);
  });
});

Deno.test("runValidatorStep() refuses to commit when the clock is behind the chain's drand round", async () => {
  const { chain, deps } = setup();
  await assert.rejects(
    runValidatorStep({}, { ...deps, now: () => T0 - 3_600_000 }),
    (e: unknown) =>
      e instanceof ConflictError && /clock is behind/.test(e.message) &&
      !/chain refused/.test(e.message),
  );
  assert.deepEqual(await chain.pendingCommits(), []);
});

Deno.test("runValidatorStep() respects the rate limit and surfaces commit refusals by name", async () => {
  const { deps, advance } = setup({ policy: { rateLimit: 100 } });
  const state: ValidatorState = {};
  assert.equal((await runValidatorStep(state, deps)).action, "submitted");
  advance(30);
  // Revealed by now; a new record is due but the rate limit is not.
  const next = await runValidatorStep({ ...state, last: undefined }, deps);
  assert.equal(next.action, "rate-limited");
  class RefusingChain extends LocalChain {
    override commitTimelockedWeights(): Promise<never> {
      return Promise.reject(
        new ChainTxError(
          `commit weights on netuid ${NETUID}`,
          "SubtensorModule.TooManyUnrevealedCommits",
        ),
      );
    }
  }
  const refusing = setup({
    chain: new RefusingChain({
      netuid: NETUID,
      now: () => T0,
      startBlock: 5000,
      policy: { commitRevealEnabled: true },
    }),
  });
  await assert.rejects(
    runValidatorStep({}, refusing.deps),
    (e: unknown) => e instanceof ChainTxError && /10 unrevealed commits/.test(e.message),
  );
});

import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { Hotkey, loadHotkey, LocalChain, signWeights } from "../../chain/mod.ts";
import { ValidatorConfigSchema } from "../../config/mod.ts";
import { createWeightsRecord } from "../../core/wire/mod.ts";
import { createLogger } from "../../log/mod.ts";
import { runValidator } from "./mod.ts";

const WALLETS = fileURLToPath(new URL("../../chain/testdata/wallets", import.meta.url));
const operator = await Hotkey.fromUri("//Operator");
const miners = await Promise.all(["//M0", "//M1", "//M2"].map((u) => Hotkey.fromUri(u)));
const own = await loadHotkey({ walletPath: WALLETS, walletName: "test", hotkeyName: "seed" });
const NETUID = 26;

/**
 * Runs `kinitro validate` (the role, with its HTTP client, loop, state file and the real
 * timelock code) against a local chain whose clock runs 40 times faster than the wall clock,
 * until `done(chain)` holds.
 */
async function runEndToEnd(commitReveal: boolean, done: (chain: LocalChain) => boolean) {
  const start = Date.now();
  const now = () => 1_760_000_000_000 + (Date.now() - start) * 40;
  const chain = new LocalChain({
    netuid: NETUID,
    now,
    startBlock: 5000,
    policy: { commitRevealEnabled: commitReveal, tempo: 4, revealPeriodEpochs: 1, versionKey: 3n },
  });
  const uids = miners.map((m) => chain.register(m.address));
  const uid = chain.register(own.address, { validatorPermit: true });
  const record = createWeightsRecord(
    uids.map((u, i) => ({ uid: u, hotkey: miners[i].address, weight: [0, 1, 3][i] })),
    { netuid: NETUID, cycleId: 1, block: 4999 },
  );
  const doc = signWeights(record, operator);
  const served = new AbortController();
  const api = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: served.signal, onListen() {} },
    (req) =>
      new URL(req.url).pathname === "/v1/weights/latest"
        ? Response.json(doc)
        : new Response("not found", { status: 404 }),
  );
  const dataDir = await Deno.makeTempDir();
  const lines: Record<string, unknown>[] = [];
  const stop = new AbortController();
  try {
    const config = ValidatorConfigSchema.parse({
      backendUrl: `http://127.0.0.1:${api.addr.port}`,
      operatorSs58: operator.address,
      network: "file:unused",
      netuid: NETUID,
      walletPath: WALLETS,
      walletName: "test",
      hotkeyName: "seed",
      pollInterval: 0.1,
      dataDir,
    });
    const running = runValidator(config, {
      log: createLogger({ format: "json", write: (l) => lines.push(JSON.parse(l)) }),
      print: () => {},
      signal: stop.signal,
      chain,
      now,
    });
    const deadline = Date.now() + 30_000;
    while (!done(chain) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    stop.abort();
    assert.equal(await running, 0);
    assert.ok(done(chain), `not done in time; log: ${JSON.stringify(lines.slice(-5))}`);
    const state = JSON.parse(
      await Deno.readTextFile(`${dataDir}/weights-netuid-${NETUID}.json`),
    );
    return { chain, uid, lines, state };
  } finally {
    stop.abort();
    served.abort();
    await api.finished;
    await Deno.remove(dataDir, { recursive: true });
  }
}

Deno.test("kinitro validate end to end with commit-reveal on: commit, chain reveal, weights applied", async () => {
  const { chain, uid, lines, state } = await runEndToEnd(
    true,
    (c) => c.reveals.length > 0 && c.weightsSet.length > 0,
  );
  assert.deepEqual(chain.reveals.map((r) => r.applied), [true]);
  assert.deepEqual(chain.weightsSet.map((w) => [w.via, w.hotkey, w.uids, w.versionKey]), [
    ["reveal", own.address, [1, 2], 3n],
  ]);
  assert.deepEqual(await chain.weightsOf(uid), { uids: [1, 2], weights: [21845, 65535] });
  assert.ok(lines.some((l) => l.msg === "Weights committed"));
  assert.equal(state.last.cycleId, 1);
  assert.equal(lines.filter((l) => l.level === "error").length, 0, JSON.stringify(lines));
  // No secret ever reaches the log.
  const secret = JSON.parse(
    await Deno.readTextFile(`${WALLETS}/test/hotkeys/seed`),
  ).secretSeed as string;
  assert.ok(!JSON.stringify(lines).includes(secret.slice(2, 20)));
});

Deno.test("kinitro validate end to end with commit-reveal off: set_weights", async () => {
  const { chain, uid, state } = await runEndToEnd(false, (c) => c.weightsSet.length > 0);
  assert.deepEqual(chain.weightsSet.map((w) => [w.via, w.uids]), [[undefined, [1, 2]]]);
  assert.deepEqual(await chain.pendingCommits(), []);
  assert.deepEqual(await chain.weightsOf(uid), { uids: [1, 2], weights: [21845, 65535] });
  assert.equal(state.pending, undefined);
});

/**
 * `kinitro validate --dry-run --json` and `kinitro chain status` as subprocesses against a
 * local chain file with commit-reveal on: what would be committed (mode, call, reveal round,
 * payload, ciphertext) is printed, opens with the local beacon's pulse, and nothing is signed.
 */
import assert from "node:assert/strict";
import {
  createTestBeacon,
  encodeWeightsPayload,
  hexToBytes,
  Hotkey,
  loadHotkey,
  signWeights,
  timelockDecrypt,
} from "../../src/chain/mod.ts";
import { createWeightsRecord } from "../../src/core/wire/mod.ts";
import { runKinitro, spawnKinitro } from "../e2e/_process.ts";

const WALLETS = new URL("../../src/chain/testdata/wallets", import.meta.url).pathname;
const DRAND_KEY = "42".repeat(32);
const operator = await Hotkey.fromUri("//Operator");
const miners = await Promise.all(["//M0", "//M1"].map((u) => Hotkey.fromUri(u)));
const own = await loadHotkey({ walletPath: WALLETS, walletName: "test", hotkeyName: "seed" });

async function writeChainFile(dir: string): Promise<string> {
  const path = `${dir}/chain.json`;
  await Deno.writeTextFile(
    path,
    JSON.stringify({
      start_block: 5000,
      genesis_time: Math.floor(Date.now() / 1000),
      tempo: 9,
      commit_reveal: true,
      reveal_period_epochs: 1,
      weights_version_key: 2,
      drand_secret_key: DRAND_KEY,
      miners: [
        ...miners.map((m, uid) => ({ uid, hotkey: m.address })),
        { uid: 2, hotkey: own.address, validator_permit: true },
      ],
    }),
  );
  return path;
}

Deno.test("kinitro validate --dry-run --json prints the timelocked commit it would send", async () => {
  const dir = await Deno.makeTempDir();
  const record = createWeightsRecord(
    miners.map((m, uid) => ({ uid, hotkey: m.address, weight: uid + 1 })),
    { netuid: 26, cycleId: 4, block: 4995 },
  );
  const doc = signWeights(record, operator);
  const served = new AbortController();
  const api = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: served.signal, onListen() {} },
    () => Response.json(doc),
  );
  const validator = spawnKinitro("validate", [
    "validate",
    ...["--network", `file:${await writeChainFile(dir)}`, "--netuid", "26"],
    ...["--backend-url", `http://127.0.0.1:${api.addr.port}`, "--operator-ss58", operator.address],
    ...["--wallet-path", WALLETS, "--wallet-name", "test", "--hotkey-name", "seed"],
    ...["--dry-run", "--json", "--poll-interval", "60"],
  ]);
  try {
    const line = await validator.waitForLine("stdout", (l) => l.startsWith("{"));
    const out = JSON.parse(line);
    assert.equal(out.mode, "commit-reveal");
    assert.equal(out.call, "commit_timelocked_mechanism_weights");
    assert.equal(out.commitRevealVersion, 4);
    assert.equal(out.versionKey, "2");
    assert.deepEqual(out.uids, [0, 1]);
    const payload = encodeWeightsPayload({
      hotkey: own.publicKey,
      uids: [0, 1],
      values: [32768, 65535],
      versionKey: 2n,
    });
    assert.equal(out.payload, Array.from(payload, (b) => b.toString(16).padStart(2, "0")).join(""));
    const beacon = createTestBeacon({ secretKey: hexToBytes(DRAND_KEY) });
    const opened = timelockDecrypt(
      hexToBytes(out.ciphertext),
      beacon.sign(BigInt(out.revealRound)),
    );
    assert.deepEqual(opened, payload);
    // Every stderr line is one JSON object (logs stay parseable).
    const stopped = await validator.stop("SIGTERM");
    assert.equal(stopped.code, 0, validator.tail());
    for (const l of validator.stderr.filter((x) => x.trim())) JSON.parse(l);
  } finally {
    await validator.stop("SIGKILL");
    served.abort();
    await api.finished;
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("kinitro chain status shows a local commit-reveal subnet", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const network = `file:${await writeChainFile(dir)}`;
    const json = await runKinitro([
      "chain",
      "status",
      ...["--network", network, "--netuid", "26", "--hotkey", own.address, "--json"],
    ]);
    assert.equal(json.code, 0, json.stderr);
    const status = JSON.parse(json.stdout);
    assert.equal(status.mode, "commit-reveal");
    assert.equal(status.tempo, 9);
    assert.equal(status.revealPeriodEpochs, 1);
    assert.equal(status.commitRevealVersion, 4);
    assert.equal(status.uid, 2);
    assert.deepEqual(status.pendingCommits, []);
    const text = await runKinitro(["chain", "status", "--network", network, "--netuid", "26"]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /weights mode: +commit-reveal/);
    assert.match(text.stdout, /commit call: +commit_timelocked_mechanism_weights/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

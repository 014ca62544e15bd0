import assert from "node:assert/strict";
import { kinitro } from "./_kinitro.ts";

const MINERS = new URL("../../src/chain/testdata/local_miners.json", import.meta.url).pathname;
const WALLETS = new URL("../../src/chain/testdata/wallets", import.meta.url).pathname;
const UUID = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

Deno.test("kinitro commit rejects a bad revision before connecting (exit 2)", async () => {
  // An unroutable endpoint: the command must fail on the flags, not on the network.
  const r = await kinitro([
    "commit",
    "--repo",
    "me/policy",
    "--revision",
    "main",
    "--chute-id",
    UUID,
    "--network",
    "ws://127.0.0.1:9",
  ]);
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /error: Cannot build commitment: revision "main"/);
});

Deno.test("kinitro show-commitment reads a local chain file", async () => {
  const r = await kinitro([
    "show-commitment",
    "--uid",
    "0",
    "--network",
    `file:${MINERS}`,
    "--json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const entry = JSON.parse(r.stdout);
  assert.equal(entry.raw, `alice/policy:0123456789ab:${UUID}`);
  assert.equal(entry.block, 900);
});

Deno.test("kinitro validate refuses to start with an unregistered hotkey (exit 3)", async () => {
  const r = await kinitro([
    "validate",
    "--backend-url",
    "http://127.0.0.1:9",
    "--operator-ss58",
    "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
    "--network",
    `file:${MINERS}`,
    "--wallet-path",
    WALLETS,
    "--wallet-name",
    "test",
    "--hotkey-name",
    "seed",
  ]);
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /error: Cannot start validator: hotkey "5DtDLm5r[^"]*" is not registered/);
});

import assert from "node:assert/strict";
import {
  canonicalWeightsMessage,
  createWeightsRecord,
  type SignedWeights,
} from "../core/wire/mod.ts";
import { AuthError, ValidationError } from "../errors/mod.ts";
import { Hotkey } from "./hotkey.ts";
import { signWeights, verifyWeights } from "./signed_weights.ts";

const operator = await Hotkey.fromUri("//Alice");
const other = await Hotkey.fromUri("//Bob");
const m1 = (await Hotkey.fromUri("//Miner1")).address;
const m2 = (await Hotkey.fromUri("//Miner2")).address;

function record() {
  return createWeightsRecord([
    { uid: 7, hotkey: m2, weight: 0.25 },
    { uid: 3, hotkey: m1, weight: 0.75 },
  ], { netuid: 26, cycleId: 12, block: 4_500_000 });
}

Deno.test("createWeightsRecord() max-upscales, sorts by uid and drops zeros", () => {
  const r = createWeightsRecord([
    { uid: 9, hotkey: m1, weight: 0 },
    { uid: 7, hotkey: m2, weight: 1 },
    { uid: 3, hotkey: m1, weight: 3 },
  ], { netuid: 1, cycleId: 1, block: 5 });
  assert.deepEqual(r.uids, [3, 7]);
  assert.deepEqual(r.hotkeys, [m1, m2]);
  assert.deepEqual(r.weights_u16, [65535, 21845]);
});

Deno.test("canonicalWeightsMessage() is independent of key order and extra fields", () => {
  const r = record();
  const shuffled = {
    "weights_u16": r.weights_u16,
    uids: r.uids,
    hotkeys: r.hotkeys,
    block: r.block,
    "cycle_id": r.cycle_id,
    netuid: r.netuid,
    version: r.version,
    "created_at": "2026-01-01T00:00:00Z",
  };
  assert.deepEqual(canonicalWeightsMessage(shuffled), canonicalWeightsMessage(r));
  const text = new TextDecoder().decode(canonicalWeightsMessage(r));
  assert.equal(
    text,
    `kinitro-weights-v1:{"block":4500000,"cycle_id":12,"hotkeys":["${m1}","${m2}"],` +
      `"netuid":26,"uids":[3,7],"version":1,"weights_u16":[65535,21845]}`,
  );
});

Deno.test("verifyWeights() accepts what signWeights() produced, after a JSON round trip", async () => {
  const signed = signWeights(record(), operator);
  assert.equal(signed.signer, operator.address);
  const wire = JSON.parse(JSON.stringify({ ...signed, created_at: "now" }));
  const verified = await verifyWeights(wire, { expectedSigner: operator.address });
  assert.deepEqual(verified, record());
});

Deno.test("verifyWeights() detects tampering", async (t) => {
  const signed = signWeights(record(), operator);
  const tampered: [string, (s: SignedWeights) => SignedWeights][] = [
    ["weight changed", (s) => ({ ...s, weights_u16: [65535, 21846] })],
    ["uid changed", (s) => ({ ...s, uids: [3, 8] })],
    ["hotkey swapped", (s) => ({ ...s, hotkeys: [m2, m1] })],
    ["block changed", (s) => ({ ...s, block: s.block + 1 })],
    ["cycle changed", (s) => ({ ...s, cycle_id: 13 })],
    ["netuid changed", (s) => ({ ...s, netuid: 27 })],
    ["signature flipped", (s) => ({ ...s, signature: s.signature.slice(0, -2) + "00" })],
  ];
  for (const [name, mutate] of tampered) {
    await t.step(name, async () => {
      await assert.rejects(
        verifyWeights(mutate(signed), { expectedSigner: operator.address }),
        (err: unknown) => err instanceof AuthError && /signature is not valid/.test(err.message),
      );
    });
  }
  await t.step("signed by someone else", async () => {
    const forged = signWeights(record(), other);
    await assert.rejects(
      verifyWeights(forged, { expectedSigner: operator.address }),
      (err: unknown) => err instanceof AuthError && /expected "5GrwvaEF/.test(err.message),
    );
  });
  await t.step("signer field rewritten to the operator", async () => {
    const forged = { ...signWeights(record(), other), signer: operator.address };
    await assert.rejects(
      verifyWeights(forged, { expectedSigner: operator.address }),
      AuthError,
    );
  });
});

Deno.test("verifyWeights() rejects malformed documents with details", async () => {
  const signed = signWeights(record(), operator);
  await assert.rejects(
    verifyWeights({ ...signed, hotkeys: [m1] }, { expectedSigner: operator.address }),
    (err: unknown) => err instanceof ValidationError && err.details.length > 0,
  );
  await assert.rejects(
    verifyWeights({ ...signed, uids: [7, 3] }, { expectedSigner: operator.address }),
    ValidationError,
  );
  // Cycle ids are integers, so that a validator can tell an older record from a newer one.
  await assert.rejects(
    verifyWeights({ ...signed, cycle_id: "c-9" }, { expectedSigner: operator.address }),
    (err: unknown) =>
      err instanceof ValidationError && err.details.some((d) => d.path === "cycle_id"),
  );
});

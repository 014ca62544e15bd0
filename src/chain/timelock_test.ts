import assert from "node:assert/strict";
import {
  bytesToHex,
  createTestBeacon,
  DRAND_QUICKNET,
  hexToBytes,
  roundAt,
  verifyPulse,
} from "./drand.ts";
import {
  decodeWeightsPayload,
  encodeWeightsPayload,
  revealRound,
  TIMELOCK_OVERHEAD_BYTES,
  timelockDecrypt,
  timelockEncrypt,
  TimelockError,
} from "./timelock.ts";

interface Vector {
  name: string;
  round: number;
  message: string;
  ciphertext: string;
  random?: string;
}
const VECTORS = JSON.parse(
  await Deno.readTextFile(new URL("testdata/timelock_vectors.json", import.meta.url)),
) as {
  public_key: string;
  pulses: Record<"1000" | "2000", string>;
  reference: Vector[];
  ours: Vector[];
  payloads: {
    name: string;
    hotkey: string;
    uids: number[];
    values: number[];
    versionKey: string;
    scale: string;
  }[];
};
const ROUNDS = JSON.parse(
  await Deno.readTextFile(new URL("testdata/reveal_rounds.json", import.meta.url)),
) as {
  cases: {
    block: number;
    netuid: number;
    mechanismId: number;
    tempo: number;
    revealPeriodEpochs: number;
    nowSeconds: number;
    round: string;
  }[];
};
const PULSE = {
  1000: hexToBytes(VECTORS.pulses["1000"]),
  2000: hexToBytes(VECTORS.pulses["2000"]),
};
const other = (round: number) => (round === 1000 ? PULSE[2000] : PULSE[1000]);

function isTimelockError(reason: TimelockError["reason"]) {
  return (err: unknown) => err instanceof TimelockError && err.reason === reason;
}

Deno.test("the recorded quicknet pulses verify against the quicknet key, each for its round only", () => {
  assert.equal(bytesToHex(DRAND_QUICKNET.publicKey), VECTORS.public_key);
  assert.ok(verifyPulse(1000n, PULSE[1000], DRAND_QUICKNET.publicKey));
  assert.ok(verifyPulse(2000n, PULSE[2000], DRAND_QUICKNET.publicKey));
  assert.ok(!verifyPulse(2000n, PULSE[1000], DRAND_QUICKNET.publicKey));
  assert.ok(!verifyPulse(1000n, new Uint8Array(48), DRAND_QUICKNET.publicKey));
});

Deno.test("timelockDecrypt() opens ciphertexts made by the Rust tle crate with the real pulse", async (t) => {
  assert.equal(VECTORS.reference.length, 6);
  for (const v of VECTORS.reference) {
    await t.step(v.name, () => {
      const ct = hexToBytes(v.ciphertext);
      const pulse = PULSE[v.round as 1000 | 2000];
      assert.equal(bytesToHex(timelockDecrypt(ct, pulse)), v.message);
      assert.throws(() => timelockDecrypt(ct, other(v.round)), isTimelockError("wrong-signature"));
    });
  }
});

Deno.test("timelockEncrypt() writes the exact bytes the Rust reference opened", async (t) => {
  for (const v of VECTORS.ours) {
    await t.step(v.name, () => {
      const random = hexToBytes(v.random!);
      let at = 0;
      const ct = timelockEncrypt(hexToBytes(v.message), BigInt(v.round), {
        randomBytes: (n) => random.slice(at, at += n),
      });
      assert.equal(at, random.length, "sigma, key and nonce are all drawn");
      assert.equal(bytesToHex(ct), v.ciphertext);
      assert.equal(ct.length, TIMELOCK_OVERHEAD_BYTES + v.message.length / 2);
      assert.equal(bytesToHex(timelockDecrypt(ct, PULSE[v.round as 1000 | 2000])), v.message);
    });
  }
});

Deno.test("timelockEncrypt() output opens with its round's pulse and with no other", () => {
  const message = new TextEncoder().encode("weights for round 1000");
  const ct = timelockEncrypt(message, 1000n);
  assert.equal(ct.length, 244 + message.length);
  assert.deepEqual(timelockDecrypt(ct, PULSE[1000]), message);
  assert.throws(() => timelockDecrypt(ct, PULSE[2000]), isTimelockError("wrong-signature"));
  // Two encryptions of one message differ (fresh sigma, key and nonce).
  assert.notEqual(bytesToHex(timelockEncrypt(message, 1000n)), bytesToHex(ct));
});

Deno.test("timelockDecrypt() refuses damaged ciphertexts with a clear reason", async (t) => {
  const message = new TextEncoder().encode("hello");
  const ct = timelockEncrypt(message, 1000n);
  const flip = (i: number) => {
    const c = ct.slice();
    c[i] ^= 1;
    return c;
  };
  await t.step("AES-GCM body", () => {
    assert.throws(
      () => timelockDecrypt(flip(ct.length - 40), PULSE[1000]),
      isTimelockError("damaged"),
    );
  });
  await t.step("v (the masked sigma)", () => {
    assert.throws(
      () => timelockDecrypt(flip(96 + 8 + 3), PULSE[1000]),
      isTimelockError("wrong-signature"),
    );
  });
  await t.step("U (not a point any more)", () => {
    assert.throws(() => timelockDecrypt(flip(50), PULSE[1000]), TimelockError);
  });
  await t.step("truncated", () => {
    assert.throws(
      () => timelockDecrypt(ct.slice(0, ct.length - 3), PULSE[1000]),
      (e: unknown) => isTimelockError("malformed")(e) && /ends inside/.test((e as Error).message),
    );
  });
  await t.step("trailing bytes", () => {
    const longer = new Uint8Array(ct.length + 1);
    longer.set(ct);
    assert.throws(() => timelockDecrypt(longer, PULSE[1000]), /1 bytes follow the ciphertext/);
  });
  await t.step("cipher suite", () => {
    assert.throws(() => timelockDecrypt(flip(ct.length - 1), PULSE[1000]), /cipher suite is/);
  });
  await t.step("a length field", () => {
    assert.throws(() => timelockDecrypt(flip(96), PULSE[1000]), /v has 33 bytes, expected 32/);
  });
  await t.step("signature that is not a point", () => {
    assert.throws(() => timelockDecrypt(ct, new Uint8Array(48)), isTimelockError("malformed"));
    assert.throws(() => timelockDecrypt(ct, PULSE[1000].slice(1)), /signature \(47 bytes\)/);
  });
  await t.step("empty input", () => {
    assert.throws(
      () => timelockDecrypt(new Uint8Array(), PULSE[1000]),
      isTimelockError("malformed"),
    );
  });
});

Deno.test("timelockEncrypt() to a test beacon opens with that beacon's pulses only", () => {
  const beacon = createTestBeacon({ secretKey: new Uint8Array(32).fill(7) });
  assert.ok(verifyPulse(42n, beacon.sign(42n), beacon.publicKey));
  const ct = timelockEncrypt(Uint8Array.of(1, 2, 3), 42n, { publicKey: beacon.publicKey });
  assert.deepEqual(timelockDecrypt(ct, beacon.sign(42n)), Uint8Array.of(1, 2, 3));
  assert.throws(() => timelockDecrypt(ct, beacon.sign(43n)), isTimelockError("wrong-signature"));
  const stranger = createTestBeacon();
  assert.throws(() => timelockDecrypt(ct, stranger.sign(42n)), isTimelockError("wrong-signature"));
  assert.throws(() => timelockEncrypt(Uint8Array.of(1), -1n), RangeError);
  assert.throws(
    () => timelockEncrypt(Uint8Array.of(1), 1n, { publicKey: new Uint8Array(96) }),
    RangeError,
  );
});

Deno.test("roundAt() follows the beacon's genesis and period", () => {
  assert.equal(roundAt(DRAND_QUICKNET, DRAND_QUICKNET.genesisTime - 1), 0n);
  assert.equal(roundAt(DRAND_QUICKNET, DRAND_QUICKNET.genesisTime), 1n);
  assert.equal(roundAt(DRAND_QUICKNET, DRAND_QUICKNET.genesisTime + 2999), 1000n);
});

Deno.test("encodeWeightsPayload() matches the SCALE bytes of an independent encoder", async (t) => {
  for (const p of VECTORS.payloads) {
    await t.step(p.name, () => {
      const bytes = encodeWeightsPayload({
        hotkey: hexToBytes(p.hotkey),
        uids: p.uids,
        values: p.values,
        versionKey: BigInt(p.versionKey),
      });
      assert.equal(bytesToHex(bytes), p.scale);
      const back = decodeWeightsPayload(bytes);
      assert.deepEqual([back.uids, back.values, back.versionKey], [
        p.uids,
        p.values,
        BigInt(p.versionKey),
      ]);
      assert.equal(bytesToHex(back.hotkey), p.hotkey);
    });
  }
});

Deno.test("encodeWeightsPayload() refuses what the chain could not decode", () => {
  const hotkey = new Uint8Array(32);
  const ok = { hotkey, uids: [1], values: [2], versionKey: 0n };
  assert.throws(() => encodeWeightsPayload({ ...ok, hotkey: new Uint8Array(31) }), /31 bytes/);
  assert.throws(() => encodeWeightsPayload({ ...ok, values: [] }), /1 uids but 0 values/);
  assert.throws(() => encodeWeightsPayload({ ...ok, uids: [65536] }), /uid "65536"/);
  assert.throws(() => encodeWeightsPayload({ ...ok, values: [1.5] }), /value "1.5"/);
  assert.throws(() => encodeWeightsPayload({ ...ok, versionKey: -1n }), /not a u64/);
  assert.throws(() => encodeWeightsPayload({ ...ok, versionKey: 1n << 64n }), /not a u64/);
  const bytes = encodeWeightsPayload(ok);
  assert.throws(() => decodeWeightsPayload(bytes.slice(0, -1)), /ends inside version_key/);
  assert.throws(() => decodeWeightsPayload(Uint8Array.of(...bytes, 0)), /1 bytes follow it/);
});

Deno.test("revealRound() agrees with the reference formula on a table of cases", async (t) => {
  assert.ok(ROUNDS.cases.some((c) => c.netuid === 0));
  assert.ok(ROUNDS.cases.some((c) => c.mechanismId > 0));
  assert.ok(ROUNDS.cases.some((c) => c.revealPeriodEpochs === 1));
  assert.ok(ROUNDS.cases.some((c) => c.revealPeriodEpochs > 2));
  for (const c of ROUNDS.cases) {
    const { round, ...params } = c;
    await t.step(JSON.stringify(params), () => {
      assert.equal(revealRound(params), BigInt(round));
    });
  }
});

Deno.test("revealRound() targets the pulse due three blocks into the reveal epoch", () => {
  const nowSeconds = 1_760_000_000;
  const base = { netuid: 1, tempo: 9, revealPeriodEpochs: 1, nowSeconds };
  // Epochs of netuid 1 start where (block + 2) % 10 == 0: block 98 starts one.
  const first = revealRound({ ...base, block: 98 });
  const expected = Math.floor((nowSeconds + (108 + 3 - 98) * 12 - DRAND_QUICKNET.genesisTime) / 3);
  assert.equal(first, BigInt(expected));
  // Later in the same epoch the same reveal block is nearer.
  assert.equal(revealRound({ ...base, block: 107 }), first - 36n);
  // The mechanism shifts the epoch boundaries like a netuid 4096 higher.
  assert.notEqual(revealRound({ ...base, block: 98, mechanismId: 1 }), first);
  assert.throws(() => revealRound({ ...base, block: -1 }), /block "-1"/);
  assert.throws(() => revealRound({ ...base, block: 1, tempo: 1.5 }), /tempo "1.5"/);
  assert.throws(() => revealRound({ ...base, block: 1, nowSeconds: NaN }), /nowSeconds/);
});

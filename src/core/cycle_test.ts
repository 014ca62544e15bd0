import assert from "node:assert/strict";
import {
  bytesToHex,
  createSceneSeeder,
  cycleCommitment,
  deriveSceneSeeds,
  hexToBytes,
  sceneSeedMessage,
  verifyCycleSecret,
} from "./cycle.ts";

// Vectors computed independently with Python's hashlib/hmac:
//   hmac.new(secret, env.encode() + b"\x00" + struct.pack(">I", i), sha256).digest()[:6]
//   read big-endian.
const VECTORS = [
  {
    secret: "00".repeat(32),
    commitment: "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925",
    seeds: [
      ["metaworld/reach-v4", 0, 149348044491659],
      ["metaworld/reach-v4", 1, 49105422893932],
      ["metaworld/pick-place-v4", 49, 126293909836165],
      ["metaworld/peg-insert-v4", 4294967295, 203905791160289],
    ],
  },
  {
    secret: "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
    commitment: "630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd",
    seeds: [
      ["metaworld/reach-v4", 0, 15568329442718],
      ["metaworld/reach-v4", 1, 278160142498064],
      ["metaworld/pick-place-v4", 49, 179342484314004],
      ["metaworld/peg-insert-v4", 4294967295, 177117345444204],
    ],
  },
  {
    secret: "ff".repeat(32),
    commitment: "af9613760f72635fbdb44a5a0a63c39f12af30f950a6ee5c971be188e89c4051",
    seeds: [
      ["metaworld/reach-v4", 0, 52938474220114],
      ["metaworld/reach-v4", 1, 238905584711996],
      ["metaworld/pick-place-v4", 49, 208889471505824],
      ["metaworld/peg-insert-v4", 4294967295, 205681417219801],
    ],
  },
] as const;

Deno.test("cycleCommitment() is sha256 of the raw secret bytes (test vectors)", async () => {
  for (const v of VECTORS) {
    assert.equal(await cycleCommitment(hexToBytes(v.secret)), v.commitment);
  }
});

Deno.test("createSceneSeeder() matches the HMAC-SHA256 test vectors", async () => {
  for (const v of VECTORS) {
    const seeder = await createSceneSeeder(hexToBytes(v.secret));
    for (const [env, i, want] of v.seeds) {
      assert.equal(await seeder.seed(env, i), want, `${v.secret.slice(0, 8)} ${env} ${i}`);
    }
  }
});

Deno.test("createSceneSeeder() gives safe integers below 2^48, distinct per episode", async () => {
  const secret = new Uint8Array(32).map((_, i) => (i * 37 + 11) & 0xff);
  const table = await deriveSceneSeeds(secret, {
    envIds: ["metaworld/reach-v4", "metaworld/push-v4"],
    episodesPerEnv: 200,
  });
  const all = [...table.values()].flat();
  assert.equal(all.length, 400);
  for (const s of all) {
    assert.ok(Number.isSafeInteger(s) && s >= 0 && s < 2 ** 48, `seed ${s}`);
  }
  assert.equal(new Set(all).size, all.length, "seeds collide");
  // Any secret bit changes every seed.
  const other = secret.slice();
  other[31] ^= 1;
  const seeder = await createSceneSeeder(other);
  assert.notEqual(await seeder.seed("metaworld/reach-v4", 0), table.get("metaworld/reach-v4")![0]);
});

Deno.test("sceneSeedMessage() separates the env id from the index", () => {
  assert.deepEqual(
    [...sceneSeedMessage("a", 258)],
    [0x61, 0x00, 0x00, 0x00, 0x01, 0x02],
  );
  assert.throws(() => sceneSeedMessage("", 0), RangeError);
  assert.throws(() => sceneSeedMessage("a\u0000b", 0), RangeError);
  assert.throws(() => sceneSeedMessage("a", -1), RangeError);
  assert.throws(() => sceneSeedMessage("a", 2 ** 32), RangeError);
  assert.throws(() => sceneSeedMessage("a", 1.5), RangeError);
});

Deno.test("cycleCommitment() rejects a secret of the wrong length", async () => {
  await assert.rejects(() => cycleCommitment(new Uint8Array(31)), RangeError);
  await assert.rejects(() => createSceneSeeder(new Uint8Array(33)), RangeError);
});

Deno.test("verifyCycleSecret() accepts the revealed secret and nothing else", async () => {
  const v = VECTORS[1];
  assert.equal(await verifyCycleSecret(v.secret, v.commitment), true);
  assert.equal(await verifyCycleSecret(v.secret.toUpperCase(), v.commitment.toUpperCase()), true);
  assert.equal(await verifyCycleSecret(VECTORS[0].secret, v.commitment), false);
  assert.equal(await verifyCycleSecret("abc", v.commitment), false);
  assert.equal(await verifyCycleSecret("00", v.commitment), false);
});

Deno.test("hexToBytes() and bytesToHex() round-trip and reject bad input", () => {
  const bytes = new Uint8Array([0, 1, 171, 255]);
  assert.equal(bytesToHex(bytes), "0001abff");
  assert.deepEqual(hexToBytes("0001ABff"), bytes);
  assert.throws(() => hexToBytes("abc"), RangeError);
  assert.throws(() => hexToBytes("zz"), RangeError);
});

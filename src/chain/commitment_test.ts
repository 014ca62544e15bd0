import assert from "node:assert/strict";
import { ValidationError } from "../errors/mod.ts";
import { formatCommitment, parseCommitment } from "./commitment.ts";

const UUID = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const SHA = "0123456789abcdef0123456789abcdef01234567";

Deno.test("formatCommitment() shortens the revision to 12 characters", () => {
  const text = formatCommitment({ repo: "user/kinitro-policy", revision: SHA, chuteId: UUID });
  assert.equal(text, `user/kinitro-policy:0123456789ab:${UUID}`);
  const back = parseCommitment(text);
  assert.deepEqual(back, {
    ok: true,
    commitment: { repo: "user/kinitro-policy", revision: "0123456789ab", chuteId: UUID },
  });
});

Deno.test("formatCommitment() rejects bad parts before anything is sent", async (t) => {
  const cases: [string, Parameters<typeof formatCommitment>[0], RegExp][] = [
    [
      "colon in repo",
      { repo: "a:b/c", revision: SHA, chuteId: UUID },
      /repo "a:b\/c" contains ":"/,
    ],
    ["colon in revision", { repo: "u/r", revision: "ab:cd", chuteId: UUID }, /revision/],
    ["bad uuid", { repo: "u/r", revision: SHA, chuteId: "my-chute" }, /chuteId "my-chute"/],
    ["non-hex revision", { repo: "u/r", revision: "main", chuteId: UUID }, /revision "main"/],
    ["no owner", { repo: "policy", revision: SHA, chuteId: UUID }, /repo "policy"/],
    [
      "too long",
      { repo: `${"u".repeat(40)}/${"r".repeat(40)}`, revision: SHA, chuteId: UUID },
      /is 131 bytes, over the 128-byte limit/,
    ],
  ];
  for (const [name, input, pattern] of cases) {
    await t.step(name, () => {
      assert.throws(() => formatCommitment(input), (err: unknown) => {
        assert.ok(err instanceof ValidationError);
        assert.match(err.message, pattern);
        return true;
      });
    });
  }
});

Deno.test("parseCommitment() gives a reason for anything that does not parse", async (t) => {
  const cases: [string, RegExp][] = [
    ["", /empty/],
    ['{"model":"u/r","revision":"abc","chute_id":"x"}', /3 colon-separated parts/],
    [`u/r:0123456789ab:${UUID}:extra`, /got 4/],
    [`u/r:zzz:${UUID}`, /revision "zzz"/],
    ["u/r:0123456789ab:https", /chuteId "https"/],
    [`u/r:0123456789ab:${"x".repeat(130)}`, /over 128/],
  ];
  for (const [raw, pattern] of cases) {
    await t.step(JSON.stringify(raw.slice(0, 30)), () => {
      const result = parseCommitment(raw);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.reason, pattern);
    });
  }
  await t.step("upper-case uuid is normalised", () => {
    const result = parseCommitment(`u/r:ABCDEF123456:${UUID.toUpperCase()}`);
    assert.ok(result.ok);
    if (result.ok) assert.equal(result.commitment.chuteId, UUID);
  });
});

import assert from "node:assert/strict";
import { ValidationError } from "../errors/mod.ts";
import {
  formatCommitment,
  formatModelCommitment,
  modelUrl,
  parseCommitment,
} from "./commitment.ts";

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
    if (result.ok) assert.equal("chuteId" in result.commitment && result.commitment.chuteId, UUID);
  });
});

const MODEL_SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

Deno.test("formatModelCommitment() builds m1:<sha256>:<source> and parseCommitment() reads it back", () => {
  const hf = formatModelCommitment({
    sha256: MODEL_SHA,
    repo: "user/policy",
    revision: "0123456789ab",
  });
  assert.equal(hf, `m1:${MODEL_SHA}:hf:user/policy@0123456789ab`);
  assert.ok(new TextEncoder().encode(hf).length <= 128);
  assert.deepEqual(parseCommitment(hf), {
    ok: true,
    commitment: { model: { sha256: MODEL_SHA, source: "hf:user/policy@0123456789ab" } },
  });
  const url = formatModelCommitment({ sha256: MODEL_SHA, url: "https://example.com/p.onnx" });
  assert.deepEqual(parseCommitment(url), {
    ok: true,
    commitment: { model: { sha256: MODEL_SHA, source: "https://example.com/p.onnx" } },
  });
  // the endpoint form stays valid next to it
  assert.equal(parseCommitment(`u/r:0123456789ab:${UUID}`).ok, true);
});

Deno.test("modelUrl() resolves a Hugging Face source against the hub URL", () => {
  const ref = { sha256: MODEL_SHA, source: "hf:user/policy@0123456789ab" };
  assert.equal(
    modelUrl(ref, "http://127.0.0.1:9/"),
    "http://127.0.0.1:9/user/policy/resolve/0123456789ab/model.onnx",
  );
  assert.equal(
    modelUrl({ sha256: MODEL_SHA, source: "https://x.org/m.onnx" }, "h"),
    "https://x.org/m.onnx",
  );
});

Deno.test("parseCommitment() gives a reason for a malformed model commitment", async (t) => {
  const cases: [string, RegExp][] = [
    [`m1:${MODEL_SHA.slice(0, 63)}:hf:u/r@0123456789ab`, /sha256 ".*" must be 64 lowercase hex/],
    [`m1:${MODEL_SHA.toUpperCase()}:hf:u/r@0123456789ab`, /must be 64 lowercase hex/],
    [`m1:${MODEL_SHA}`, /expected m1:<sha256>:<source>/],
    [`m1:${MODEL_SHA}:hf:policy@0123456789ab`, /repo that is not like/],
    [`m1:${MODEL_SHA}:hf:u/r@main`, /revision of 7 to 40 lowercase hex/],
    [`m1:${MODEL_SHA}:ftp://x/m.onnx`, /must be "hf:<repo>@<revision>" or an http\(s\) URL/],
    [`m1:${MODEL_SHA}:https://user:pw@x.org/m`, /credentials/],
    [`m1:${MODEL_SHA}:https://x.org/${"a".repeat(60)}`, /over 128/],
  ];
  for (const [raw, pattern] of cases) {
    await t.step(raw.slice(70, 100) || raw.slice(0, 30), () => {
      const result = parseCommitment(raw);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.reason, pattern);
    });
  }
});

Deno.test("formatModelCommitment() refuses a source that does not fit in 128 bytes", () => {
  assert.throws(
    () => formatModelCommitment({ sha256: MODEL_SHA, url: `https://x.org/${"a".repeat(60)}` }),
    (err: unknown) => err instanceof ValidationError && /over 128/.test(err.message),
  );
  assert.throws(
    () => formatModelCommitment({ sha256: MODEL_SHA }),
    (err: unknown) => err instanceof ValidationError && /either a repo/.test(err.message),
  );
});

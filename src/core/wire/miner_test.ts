import assert from "node:assert/strict";
import {
  ActRequestSchema,
  ActResponseSchema,
  decodeImage,
  encodeImage,
  minerOpenApiDocument,
  parseAction,
  ResetRequestSchema,
  ResetResponseSchema,
} from "./mod.ts";

Deno.test("parseAction() accepts four finite numbers and clips to [-1, 1]", () => {
  assert.deepEqual(parseAction([0.5, -0.25, 0, 1]), {
    ok: true,
    action: [0.5, -0.25, 0, 1],
    clipped: false,
  });
  assert.deepEqual(parseAction([2, -3, 1.0000001, -0]), {
    ok: true,
    action: [1, -1, 1, 0],
    clipped: true,
  });
});

Deno.test("parseAction() rejects wrong length, non-numbers and non-finite values", async (t) => {
  const bad: [string, unknown, RegExp][] = [
    ["too short", [0, 0, 0], /3 values/],
    ["too long", [0, 0, 0, 0, 0], /5 values/],
    ["empty", [], /0 values/],
    ["NaN", [0, NaN, 0, 0], /action\[1\] is not finite/],
    ["Infinity", [0, 0, Infinity, 0], /action\[2\] is not finite/],
    ["string", [0, 0, 0, "1"], /action\[3\] is a string/],
    ["null", [null, 0, 0, 0], /action\[0\] is null/],
    ["nested", [[0], 0, 0, 0], /action\[0\] is an array/],
    ["object", { 0: 0, 1: 0, 2: 0, 3: 0, length: 4 }, /is an object/],
    ["missing", undefined, /is a undefined/],
  ];
  for (const [name, value, reason] of bad) {
    await t.step(name, () => {
      const r = parseAction(value);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.reason, reason);
    });
  }
});

Deno.test("ResetRequestSchema accepts the documented body and rejects a 4-channel image shape", () => {
  const body = {
    "task_config": {
      env_id: "metaworld/reach-v4",
      episode_id: "ep-1",
      max_steps: 150,
      cameras: ["corner", "gripper"],
      image_shape: [84, 84, 3],
    },
  };
  assert.deepEqual(ResetRequestSchema.parse(body), body);
  const wrong = structuredClone(body) as { task_config: Record<string, unknown> };
  wrong.task_config.image_shape = [84, 84, 4];
  assert.equal(ResetRequestSchema.safeParse(wrong).success, false);
  assert.equal(ResetResponseSchema.safeParse({ status: "ok", episode_id: "ep-1" }).success, true);
  assert.equal(ResetResponseSchema.safeParse({ status: "ready", episode_id: "x" }).success, false);
});

Deno.test("ActRequestSchema accepts encoded images and ActResponseSchema needs 4 numbers", () => {
  const rgb = new Uint8Array(84 * 84 * 3).map((_, i) => i % 251);
  const img = encodeImage(rgb, 84, 84);
  const body = {
    "episode_id": "ep-1",
    step: 0,
    observation: [0, 0.6, 0.2, 1],
    images: { corner: img, gripper: img },
  };
  assert.deepEqual(ActRequestSchema.parse(body), body);
  assert.equal(ActRequestSchema.safeParse({ ...body, observation: [0, 0, 0] }).success, false);
  assert.equal(ActResponseSchema.safeParse({ action: [0, 0, 0, 0] }).success, true);
  assert.equal(ActResponseSchema.safeParse({ action: [0, 0, 0] }).success, false);
});

Deno.test("encodeImage() and decodeImage() round-trip raw RGB bytes", () => {
  const rgb = new Uint8Array(2 * 3 * 3).map((_, i) => i * 13);
  const img = encodeImage(rgb, 2, 3);
  assert.deepEqual(img.shape, [2, 3, 3]);
  assert.equal(img.dtype, "uint8");
  assert.deepEqual(decodeImage(img), rgb);
  assert.throws(() => encodeImage(rgb, 3, 3), RangeError);
  assert.throws(() => decodeImage({ ...img, shape: [3, 3, 3] }), /do not match shape/);
  assert.throws(() => decodeImage({ ...img, data: "***" }), /not base64/);
});

Deno.test("minerOpenApiDocument() describes /health, /reset and /act with resolvable refs", () => {
  const doc = minerOpenApiDocument() as {
    openapi: string;
    paths: Record<string, unknown>;
    components: { schemas: Record<string, Record<string, unknown>> };
  };
  assert.equal(doc.openapi, "3.0.3");
  assert.deepEqual(Object.keys(doc.paths).sort(), ["/act", "/health", "/reset"]);
  const refs = JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g);
  for (const [, id] of refs) assert.ok(doc.components.schemas[id], `missing schema "${id}"`);
  const act = doc.components.schemas.ActResponse as {
    properties: { action: { minItems: number; maxItems: number } };
  };
  assert.equal(act.properties.action.minItems, 4);
  assert.equal(act.properties.action.maxItems, 4);
  assert.ok(!JSON.stringify(doc).includes('"$id"'));
});

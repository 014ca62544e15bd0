import assert, { deepStrictEqual as assertEquals } from "node:assert/strict";
import { MinerError } from "../errors/mod.ts";
import { loadPolicyModel, zeroBatch } from "./model.ts";
import {
  bigModel,
  counterModel,
  fixedBatchModel,
  fullModel,
  linearModel,
  nanModel,
  slowModel,
  threeActionModel,
  wrongInputModel,
  wrongShapeModel,
} from "./_test_models.ts";

async function refused(bytes: Uint8Array, code: string, pattern: RegExp, limits = {}) {
  const err = await loadPolicyModel(bytes, { limits }).then(
    () => assert.fail("the model was accepted"),
    (e) => e,
  );
  assert(err instanceof MinerError, String(err));
  assertEquals(err.code, code);
  assert(pattern.test(err.message), err.message);
}

Deno.test("loadPolicyModel() runs a proprio-only model at any batch and clips its action", async () => {
  const model = await loadPolicyModel(linearModel());
  assertEquals([...model.inputs], ["proprio"]);
  assertEquals(model.stateSize, 0);
  const batch = zeroBatch(2, 0);
  batch.proprio.set([0.1, 0.2, 0.3, 0.4, 1, 1, -1, 1]);
  const out = await model.run(batch, 2);
  assertEquals([...out.action].map((v) => Math.round(v * 1e6) / 1e6), [
    0.1,
    0.4,
    0.9,
    1,
    1,
    1,
    -1,
    1,
  ]);
  await model.close();
});

Deno.test("loadPolicyModel() feeds corner, gripper, proprio and task", async () => {
  const model = await loadPolicyModel(fullModel());
  const batch = zeroBatch(2, 0);
  batch.corner.fill(255, 0, 84 * 84 * 3); // row 0 white corner
  batch.gripper.fill(51, 84 * 84 * 3); // row 1 grey gripper
  batch.task.set([3n, 1n]);
  const out = await model.run(batch, 2);
  const r = [...out.action].map((v) => Math.round(v * 1e4) / 1e4);
  assertEquals(r, [1, 0, 0.3, 0, 0, 0.2, 0.1, 0]);
  await model.close();
});

Deno.test("loadPolicyModel() carries a recurrent state", async () => {
  const model = await loadPolicyModel(counterModel(8));
  assertEquals(model.stateSize, 8);
  const batch = zeroBatch(1, 8);
  const first = await model.run(batch, 1);
  assertEquals([...first.state], new Array(8).fill(1));
  const second = await model.run({ ...batch, state: first.state }, 1);
  assertEquals([...second.action].map((v) => Math.round(v * 1e6) / 1e6), [0.1, 0.1, 0.1, 0.1]);
});

Deno.test("loadPolicyModel() refuses models outside the contract with a reason", async (t) => {
  await t.step(
    "not ONNX",
    () =>
      refused(
        new TextEncoder().encode("hello, I am a pickle"),
        "miner_model_invalid",
        /not an ONNX file/,
      ),
  );
  await t.step(
    "truncated",
    () =>
      refused(linearModel().subarray(0, 60), "miner_model_invalid", /not an ONNX file|truncated/),
  );
  await t.step(
    "an input the contract does not know",
    () => refused(wrongInputModel(), "miner_model_invalid", /input "image" is not in the contract/),
  );
  await t.step(
    "a fixed batch dimension",
    () =>
      refused(
        fixedBatchModel(),
        "miner_model_invalid",
        /fixed batch dimension 1: it must be dynamic/,
      ),
  );
  await t.step(
    "an old opset",
    () =>
      refused(linearModel([1, 1, 1, 1], 9), "miner_model_invalid", /opset 9 is outside 13\.\.21/),
  );
  await t.step(
    "over the size limit",
    () =>
      refused(bigModel(2_000_000), "miner_model_invalid", /bytes, over 1000000/, {
        maxBytes: 1_000_000,
      }),
  );
  await t.step(
    "NaN in the dry run",
    () => refused(nanModel(), "miner_model_nan", /dry run on zero inputs returns a NaN/),
  );
  await t.step(
    "wrong output shape in the dry run",
    () =>
      refused(
        wrongShapeModel(),
        "miner_model_bad_output",
        /expected float32 \[3, 4\], got float32 \[6, 4\]/,
      ),
  );
  await t.step(
    "three actions",
    () => refused(threeActionModel(), "miner_model_invalid", /output "action" must be \[B, 4\]/),
  );
  await t.step(
    "too slow at batch 1",
    () =>
      refused(
        slowModel(),
        "miner_model_too_slow",
        /one step at batch 1 takes .* ms, over 0\.5 ms/,
        {
          maxStepMs: 0.5,
        },
      ),
  );
});

Deno.test("PolicyModel.run() clips actions and lists the rows that hold NaN", async () => {
  const model = await loadPolicyModel(linearModel([1e38, 1, 1, 1]));
  const batch = zeroBatch(2, 0);
  batch.proprio.set([1e10, 0.5, 0, 0, NaN, 0, 0, 0]);
  const out = await model.run(batch, 2);
  assertEquals([...out.action.subarray(0, 4)], [1, 0.5, 0, 0]);
  assertEquals(out.nanRows, [1]);
  await model.close();
});

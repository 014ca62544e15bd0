import assert, { deepStrictEqual as assertEquals } from "node:assert/strict";
import { MinerError } from "../errors/mod.ts";
import { BatchedPolicy } from "./batched.ts";
import { loadPolicyModel } from "./model.ts";
import { counterModel, fullModel, linearModel } from "./_test_models.ts";

const round = (a: Float32Array) => [...a].map((v) => Math.round(v * 1e4) / 1e4);

Deno.test("BatchedPolicy.act() runs concurrent episodes as one batch, each with its task", async () => {
  const policy = new BatchedPolicy(await loadPolicyModel(fullModel()));
  const corner = new Uint8Array(84 * 84 * 3).fill(255);
  policy.start("a", 3);
  policy.start("b", 1);
  const [a, b] = await Promise.all([
    policy.act("a", { corner, proprio: [0, 0, 0, 0] }),
    policy.act("b", { proprio: [1, 0, 0, 0] }),
  ]);
  assertEquals(round(a), [1, 0, 0.3, 0]);
  assertEquals(round(b), [0.1, 0, 0.1, 0]);
  assertEquals([policy.batches, policy.rows], [1, 2]);
  await policy.model.close();
});

Deno.test("BatchedPolicy.act() keeps each episode's recurrent state", async () => {
  const policy = new BatchedPolicy(await loadPolicyModel(counterModel(4)));
  policy.start("a", 0);
  await policy.act("a", { proprio: [0, 0, 0, 0] });
  await policy.act("a", { proprio: [0, 0, 0, 0] });
  policy.start("b", 0);
  const [a, b] = await Promise.all([
    policy.act("a", { proprio: [0, 0, 0, 0] }),
    policy.act("b", { proprio: [0, 0, 0, 0] }),
  ]);
  assertEquals(round(a), [0.2, 0.2, 0.2, 0.2]); // third step: state 2
  assertEquals(round(b), [0, 0, 0, 0]); // first step: state 0
  await policy.model.close();
});

Deno.test("BatchedPolicy.act() fails only the row whose action is NaN", async () => {
  const policy = new BatchedPolicy(await loadPolicyModel(linearModel()));
  policy.start("ok", 0);
  policy.start("nan", 0);
  const [ok, nan] = await Promise.allSettled([
    policy.act("ok", { proprio: [0.1, 0, 0, 0] }),
    policy.act("nan", { proprio: [NaN, 0, 0, 0] }),
  ]);
  assert(ok.status === "fulfilled");
  assert(nan.status === "rejected" && nan.reason instanceof MinerError);
  assertEquals(nan.reason.code, "miner_model_nan");
  await policy.model.close();
});

Deno.test("BatchedPolicy reuses its buffers without leaking a row's image into the next batch", async () => {
  const policy = new BatchedPolicy(await loadPolicyModel(fullModel()));
  const white = new Uint8Array(84 * 84 * 3).fill(255);
  for (const id of ["a", "b", "c"]) policy.start(id, 0);
  await Promise.all([
    policy.act("a", { corner: white, gripper: white, proprio: [0, 0, 0, 0] }),
    policy.act("b", { corner: white, gripper: white, proprio: [0, 0, 0, 0] }),
  ]);
  // a smaller batch, then a larger one (the buffers grow): rows without images see zeros
  assertEquals(round(await policy.act("b", { proprio: [0, 0, 0, 0] })), [0, 0, 0, 0]);
  const [a, b, c] = await Promise.all([
    policy.act("a", { gripper: white, proprio: [0, 0, 0, 0] }),
    policy.act("b", { proprio: [0, 0, 0, 0] }),
    policy.act("c", { corner: white, proprio: [0, 0, 0, 0] }),
  ]);
  assertEquals([round(a), round(b), round(c)], [[0, 1, 0, 0], [0, 0, 0, 0], [1, 0, 0, 0]]);
  assertEquals([policy.batches, policy.rows], [3, 6]);
  await policy.model.close();
});

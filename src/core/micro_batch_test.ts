import assert from "node:assert/strict";
import { MicroBatch } from "./micro_batch.ts";

Deno.test("MicroBatch runs a full batch at once and the rest on the next turn", async () => {
  const runs: number[][] = [];
  const batch = new MicroBatch<number>(3, (b) => runs.push(b));
  for (let i = 0; i < 5; i++) batch.push(i);
  assert.deepEqual(runs, [[0, 1, 2]]);
  await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(runs, [[0, 1, 2], [3, 4]]);
  batch.flush();
  assert.equal(runs.length, 2, "an empty queue runs nothing");
});

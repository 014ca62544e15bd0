import assert from "node:assert/strict";
import type { CameraSpec, SceneSnapshot } from "../../core/mod.ts";
import type { RenderJob } from "../../render/mod.ts";
import { BatchingRenderer } from "./batching.ts";

const cam = { name: "c", width: 2, height: 1 } as CameraSpec;
const snap = (id: number) => ({ geomCount: id }) as unknown as SceneSnapshot;

Deno.test("BatchingRenderer coalesces concurrent render calls and keeps their order", async () => {
  const sizes: number[] = [];
  const inner = {
    renderBatch: (jobs: readonly RenderJob[]) => {
      sizes.push(jobs.length);
      return Promise.resolve(
        jobs.map((j) => j.cameras.map(() => new Uint8Array(6).fill(j.snapshot.geomCount))),
      );
    },
  };
  const r = new BatchingRenderer(inner, 4);
  const out = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => r.render(snap(i), [cam])));
  assert.deepEqual(out.map((f) => f[0][0]), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(sizes, [4, 2], "a full batch goes at once, the rest on the next turn");
  const alone = await r.render(snap(9), [cam]);
  assert.equal(alone[0][0], 9);
  assert.equal(r.batches, 3);
});

Deno.test("BatchingRenderer rejects every call of a failed batch", async () => {
  const r = new BatchingRenderer({ renderBatch: () => Promise.reject(new Error("lost")) });
  const results = await Promise.allSettled([r.render(snap(1), [cam]), r.render(snap(2), [cam])]);
  assert.deepEqual(results.map((x) => x.status), ["rejected", "rejected"]);
});

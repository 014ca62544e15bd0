import assert, { deepStrictEqual as assertEquals } from "node:assert/strict";
import { createHash } from "node:crypto";
import { MinerError } from "../errors/mod.ts";
import { hashFile, ModelStore } from "./store.ts";
import { serveTestHub } from "./_test_hub.ts";

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const BODY = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 251);

async function failure(p: Promise<unknown>): Promise<MinerError> {
  const err = await p.then(() => assert.fail("expected a failure"), (e) => e);
  assert(err instanceof MinerError, String(err));
  return err;
}

Deno.test("ModelStore.get() downloads once, then serves the cache by hash", async () => {
  const dir = await Deno.makeTempDir();
  const hub = serveTestHub({ "/m.onnx": { body: BODY } });
  try {
    const store = new ModelStore({ dir });
    const a = await store.get(sha(BODY), `${hub.url}/m.onnx`);
    const b = await store.get(sha(BODY), `${hub.url}/m.onnx`);
    assertEquals(a, BODY);
    assertEquals(b, BODY);
    assertEquals(hub.hits.get("/m.onnx"), 1);
    assertEquals((await hashFile(store.pathOf(sha(BODY)))).sha256, sha(BODY));
  } finally {
    await hub.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("ModelStore.get() refuses bad downloads with the miner's code", async (t) => {
  const dir = await Deno.makeTempDir();
  const other = crypto.getRandomValues(new Uint8Array(1000));
  const hub = serveTestHub({
    "/other.onnx": { body: other },
    "/cut.onnx": { body: BODY, cutAt: 100_000 },
    "/stall.onnx": { body: BODY, stallAt: 1000 },
    "/gone.onnx": { body: BODY, status: 500 },
    "/huge.onnx": { body: BODY },
  });
  const store = new ModelStore({ dir, stallMs: 300, maxBytes: 1_000_000 });
  try {
    await t.step("wrong hash", async () => {
      const err = await failure(store.get(sha(BODY), `${hub.url}/other.onnx`));
      assertEquals(err.code, "miner_model_hash_mismatch");
      assert(err.message.includes(sha(other)), err.message);
    });
    await t.step("truncated", async () => {
      const err = await failure(store.get(sha(BODY), `${hub.url}/cut.onnx`));
      assertEquals(err.code, "miner_model_unavailable");
      assert(/truncated at \d+ of 300000 bytes/.test(err.message), err.message);
    });
    await t.step("stalling hub", async () => {
      const err = await failure(store.get(sha(BODY), `${hub.url}/stall.onnx`));
      assertEquals(err.code, "miner_model_unavailable");
      assert(/no bytes for 300 ms/.test(err.message), err.message);
    });
    await t.step("HTTP error", async () => {
      const err = await failure(store.get(sha(BODY), `${hub.url}/gone.onnx`));
      assertEquals(err.code, "miner_model_unavailable");
      assert(err.message.includes("HTTP 500"), err.message);
    });
    await t.step("over the size limit", async () => {
      const small = new ModelStore({ dir, maxBytes: 1000 });
      const err = await failure(small.get(sha(BODY), `${hub.url}/huge.onnx`));
      assertEquals(err.code, "miner_model_unavailable");
      assert(err.message.includes("300000 bytes, over 1000"), err.message);
    });
    // nothing half-written is left behind, and nothing was cached
    assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), []);
  } finally {
    await hub.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("ModelStore.get() downloads again when the cached file was altered", async () => {
  const dir = await Deno.makeTempDir();
  const hub = serveTestHub({ "/m.onnx": { body: BODY } });
  try {
    const store = new ModelStore({ dir });
    await store.get(sha(BODY), `${hub.url}/m.onnx`);
    await Deno.writeFile(store.pathOf(sha(BODY)), new Uint8Array([1, 2, 3]));
    assertEquals(await store.get(sha(BODY), `${hub.url}/m.onnx`), BODY);
    assertEquals(hub.hits.get("/m.onnx"), 2);
  } finally {
    await hub.close();
    await Deno.remove(dir, { recursive: true });
  }
});

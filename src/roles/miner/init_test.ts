import assert from "node:assert/strict";
import { UsageError } from "../../errors/mod.ts";
import { initMiner } from "./mod.ts";

Deno.test("initMiner() writes every template file into a new folder", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const r = await initMiner(`${dir}/my-policy`);
    assert.ok(r.written.includes("policy.ts"));
    assert.ok(r.written.includes("Dockerfile"));
    assert.ok(r.written.includes("chute.py"));
    assert.deepEqual(r.overwritten, []);
    const policy = await Deno.readTextFile(`${dir}/my-policy/policy.ts`);
    assert.match(policy, /export function createPolicy\(\)/);
    const denoJson = JSON.parse(await Deno.readTextFile(`${dir}/my-policy/deno.json`));
    assert.match(denoJson.imports.hono, /^npm:hono@\d+\.\d+\.\d+$/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("initMiner() refuses to overwrite without force and overwrites with it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/policy.ts`, "// mine\n");
    await assert.rejects(
      initMiner(dir),
      (e) => e instanceof UsageError && /"policy.ts"/.test(e.message),
    );
    assert.equal(await Deno.readTextFile(`${dir}/policy.ts`), "// mine\n");
    assert.equal([...Deno.readDirSync(dir)].length, 1, "nothing else was written");
    const r = await initMiner(dir, { force: true });
    assert.deepEqual(r.overwritten, ["policy.ts"]);
    assert.notEqual(await Deno.readTextFile(`${dir}/policy.ts`), "// mine\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

import assert from "node:assert/strict";
import { GENERATED_PATH, renderTemplateModule, TEMPLATE_FILE_NAMES } from "./gen_template.ts";

const repo = new URL("../", import.meta.url);

Deno.test("the embedded miner template is up to date (run `deno task gen:template`)", async () => {
  const expected = await renderTemplateModule(new URL("miner-template/", repo));
  const actual = await Deno.readTextFile(new URL(GENERATED_PATH, repo));
  assert.ok(actual === expected, `${GENERATED_PATH} is stale: run \`deno task gen:template\``);
});

Deno.test("the template file list covers every text file in miner-template/", async () => {
  const onDisk: string[] = [];
  for await (const e of Deno.readDir(new URL("miner-template/", repo))) {
    if (e.isFile) onDisk.push(e.name);
  }
  // python/: the sources (the exported .onnx example is data, not part of the template)
  for await (const e of Deno.readDir(new URL("miner-template/python/", repo))) {
    if (e.isFile && e.name.endsWith(".py")) onDisk.push(`python/${e.name}`);
  }
  assert.deepEqual(onDisk.sort(), [...TEMPLATE_FILE_NAMES].sort());
});

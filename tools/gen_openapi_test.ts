import assert from "node:assert/strict";
import { minerOpenApiDocument } from "../src/core/wire/mod.ts";
import { OPENAPI_PATH } from "./gen_openapi.ts";

Deno.test("docs/miner-openapi.json matches the zod schemas (run `deno task gen:openapi`)", async () => {
  const text = await Deno.readTextFile(new URL(`../${OPENAPI_PATH}`, import.meta.url));
  assert.deepEqual(JSON.parse(text), minerOpenApiDocument());
});

/**
 * Writes `docs/miner-openapi.json`, the OpenAPI document of miner protocol v1, from the zod
 * schemas in `src/core/wire`. Run `deno task gen:openapi` after changing them; a test fails
 * while the file is stale.
 */
import { minerOpenApiDocument } from "../src/core/wire/mod.ts";

/** Where the document goes, relative to the repository root. */
export const OPENAPI_PATH = "docs/miner-openapi.json";

if (import.meta.main) {
  const path = new URL(`../${OPENAPI_PATH}`, import.meta.url);
  await Deno.writeTextFile(path, JSON.stringify(minerOpenApiDocument(), null, 2) + "\n");
  await new Deno.Command(Deno.execPath(), { args: ["fmt", "--quiet", path.pathname] }).output();
  // deno-lint-ignore no-console
  console.log(`wrote ${OPENAPI_PATH}`);
}

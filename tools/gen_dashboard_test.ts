import assert from "node:assert/strict";
import { buildClientBundle, BUNDLE_PATH } from "./gen_dashboard.ts";

const repo = new URL("../", import.meta.url);

Deno.test("the dashboard bundle is up to date and type-checks (run `deno task gen:dashboard`)", async () => {
  const expected = await buildClientBundle(repo);
  const actual = await Deno.readTextFile(new URL(BUNDLE_PATH, repo));
  assert.ok(actual === expected, `${BUNDLE_PATH} is stale: run \`deno task gen:dashboard\``);
});

import assert from "node:assert/strict";
import { EPISODE_RESULT_CODES } from "../../core/wire/mod.ts";
import { MIGRATIONS } from "./mod.ts";

Deno.test("the database accepts exactly the result codes of EPISODE_RESULT_CODE_TABLE", () => {
  // the constraint of the newest migration that (re)writes it is the one in force
  const checks = MIGRATIONS.flatMap((m) =>
    [...m.sql.matchAll(/code IN \(([^)]*)\)/g)].map((x) => x[1])
  );
  assert.ok(checks.length > 0, "no result code constraint found in the migrations");
  const inForce = [...checks.at(-1)!.matchAll(/'([a-z_]+)'/g)].map((x) => x[1]);
  assert.deepEqual(inForce, [...EPISODE_RESULT_CODES]);
});

import assert from "node:assert/strict";
import { safeText } from "./safe_text.ts";
import { openTestDb, pgNote, TEST_DATABASE_URL } from "../testing/mod.ts";

Deno.test("safeText() replaces NUL and lone surrogates, keeps valid text as it is", () => {
  assert.equal(safeText("plain ünïcode 🤖"), "plain ünïcode 🤖");
  assert.equal(safeText("a\u0000b"), "a\u{FFFD}b");
  assert.equal(safeText("\uD800x\uDC00"), "\u{FFFD}x\u{FFFD}");
  assert.equal(safeText("\uDBFF"), "\u{FFFD}");
  assert.equal(safeText("\uD83E\uDD16\u0000"), "🤖\u{FFFD}");
});

for (const real of [false, true]) {
  Deno.test({
    name: `every statement parameter reaches ${real ? `PostgreSQL${pgNote()}` : "PGlite"} safely`,
    ignore: real && !TEST_DATABASE_URL,
    async fn() {
      const db = await openTestDb({ real, migrate: false });
      try {
        await check(db);
      } finally {
        await db.close();
      }
    },
  });
}

async function check(db: Awaited<ReturnType<typeof openTestDb>>): Promise<void> {
  const hostile = "ep-\u0000-\uD800-" + "x".repeat(10_000);
  const rows = await db.transaction(async (tx) => {
    await tx.query("CREATE TEMP TABLE hostile (s text, a text[])");
    await tx.query("INSERT INTO hostile VALUES ($1, $2)", [hostile, ["\u0000", "ok"]]);
    return await tx.query<{ s: string; a: string[] }>("SELECT s, a FROM hostile");
  });
  assert.equal(rows[0].s, "ep-\u{FFFD}-\u{FFFD}-" + "x".repeat(10_000));
  assert.deepEqual(rows[0].a, ["\u{FFFD}", "ok"]);
}

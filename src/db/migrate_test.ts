import assert from "node:assert/strict";
import {
  databaseStatus,
  latestVersion,
  migrate,
  MIGRATIONS,
  openDb,
  schemaVersion,
} from "./mod.ts";

const ALL = MIGRATIONS.map((m) => m.version);
import { openTestDb, pgNote, TEST_DATABASE_URL } from "../testing/mod.ts";

Deno.test("migrate() applies every migration once on in-memory PGlite", async () => {
  const db = await openDb({ memory: true, poolSize: 2 });
  try {
    assert.equal(await schemaVersion(db), 0);
    const first = await migrate(db);
    assert.deepEqual(first.applied, ALL);
    assert.equal(first.version, latestVersion());
    const second = await migrate(db);
    assert.deepEqual(second.applied, []);
    assert.equal(second.version, latestVersion());
    const status = await databaseStatus(db);
    assert.equal(status.version, latestVersion());
    assert.equal(status.rows.tasks, 0);
    assert.equal(Object.keys(status.rows).length, 8);
  } finally {
    await db.close();
  }
});

Deno.test({
  name: `migrate() applies every migration once on real PostgreSQL${pgNote()}`,
  ignore: !TEST_DATABASE_URL,
  async fn() {
    const db = await openTestDb({ real: true, migrate: false, poolSize: 2 });
    try {
      assert.deepEqual((await migrate(db)).applied, ALL);
      assert.deepEqual((await migrate(db)).applied, []);
      assert.equal(await schemaVersion(db), latestVersion());
    } finally {
      await db.close();
    }
  },
});

Deno.test("migrate() rolls back a failing migration and records nothing", async () => {
  const db = await openDb({ memory: true, poolSize: 2 });
  try {
    await assert.rejects(
      migrate(db, {
        migrations: [
          { version: 1, name: "ok", sql: "CREATE TABLE a (x int);" },
          { version: 2, name: "bad", sql: "CREATE TABLE b (x nosuchtype);" },
        ],
      }),
    );
    assert.equal(await schemaVersion(db), 0);
    const t = await db.query<{ t: string | null }>("SELECT to_regclass('a')::text AS t");
    assert.equal(t[0].t, null);
  } finally {
    await db.close();
  }
});

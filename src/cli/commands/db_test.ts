import assert from "node:assert/strict";
import { runCaptured } from "./_test_cli.ts";
import { freshTestDatabaseUrl, pgNote, TEST_DATABASE_URL } from "../../testing/mod.ts";

function kinitro(args: string[]) {
  return runCaptured([...args, "--log-level", "error"]);
}

async function dbCommandsSuite(t: Deno.TestContext, target: string[]): Promise<void> {
  await t.step("db status before create says it is missing or unmigrated", async () => {
    const r = await kinitro(["db", "status", ...target]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /does not exist/);
  });
  await t.step("db create then create again", async () => {
    let r = await kinitro(["db", "create", ...target]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Created/);
    r = await kinitro(["db", "create", ...target]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /already exists/);
  });
  await t.step("db init applies migrations, db migrate is then a no-op", async () => {
    let r = await kinitro(["db", "init", ...target]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Applied migrations 1/);
    r = await kinitro(["db", "migrate", ...target]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /up to date/);
  });
  await t.step("api-key create, list, revoke", async () => {
    let r = await kinitro(["api-key", "create", "--name", "gpu-1", ...target]);
    assert.equal(r.code, 0, r.err);
    const key = r.out.trim();
    assert.match(key, /^kin_[0-9a-f]{48}$/);
    r = await kinitro(["api-key", "list", "--json", ...target]);
    const keys = JSON.parse(r.out);
    assert.equal(keys.length, 1);
    assert.ok(!r.out.includes(key), "the key itself is never listed");
    assert.equal((await kinitro(["api-key", "create", ...target])).code, 2);
    r = await kinitro(["api-key", "create", "--name", "gpu-1", ...target]);
    assert.equal(r.code, 2, "a taken name is a usage error");
    assert.match(r.err, /Cannot create API key "gpu-1": an active key has this name/);
    r = await kinitro(["api-key", "revoke", "--name", "gpu-1", ...target]);
    assert.equal(r.code, 0, r.err);
  });
  await t.step("db status prints the version and row counts", async () => {
    const r = await kinitro(["db", "status", "--json", ...target]);
    assert.equal(r.code, 0, r.err);
    const s = JSON.parse(r.out);
    assert.equal(s.version, 2);
    assert.equal(s.rows.api_keys, 1);
  });
  await t.step("db reset and db drop refuse without --yes", async () => {
    for (const action of ["reset", "drop"]) {
      const r = await kinitro(["db", action, ...target]);
      assert.equal(r.code, 2);
      assert.match(r.err, /--yes/);
    }
  });
  await t.step("db reset --yes empties every table", async () => {
    let r = await kinitro(["db", "reset", "--yes", ...target]);
    assert.equal(r.code, 0, r.err);
    r = await kinitro(["db", "status", "--json", ...target]);
    const s = JSON.parse(r.out);
    assert.equal(s.version, 2);
    assert.equal(s.rows.api_keys, 0);
  });
  await t.step("db drop --yes deletes it", async () => {
    let r = await kinitro(["db", "drop", "--yes", ...target]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Dropped/);
    r = await kinitro(["db", "drop", "--yes", ...target]);
    assert.match(r.out, /does not exist/);
  });
}

Deno.test("kinitro db and api-key commands on the embedded database", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "kinitro_db_cmd_" });
  try {
    await dbCommandsSuite(t, ["--data-dir", `${dir}/data`]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: `kinitro db and api-key commands on real PostgreSQL${pgNote()}`,
  ignore: !TEST_DATABASE_URL,
  async fn(t) {
    await dbCommandsSuite(t, ["--database-url", freshTestDatabaseUrl()]);
  },
});

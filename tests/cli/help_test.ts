import assert from "node:assert/strict";
import { kinitro } from "./_kinitro.ts";
import { VERSION } from "../../src/cli/version.ts";

Deno.test("kinitro --help prints usage and exits 0", async () => {
  const r = await kinitro(["--help"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Usage: kinitro/);
});

Deno.test("kinitro --version prints the deno.json version", async () => {
  const r = await kinitro(["--version"]);
  assert.equal(r.code, 0);
  assert.equal(r.stdout.trim(), VERSION);
  const denoJson = JSON.parse(
    await Deno.readTextFile(new URL("../../deno.json", import.meta.url)),
  );
  assert.equal(denoJson.version, VERSION);
});

Deno.test("kinitro with an unknown command exits 2 with nothing on stdout", async () => {
  const r = await kinitro(["no-such-command"]);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /error: /);
});

Deno.test("kinitro db status exits 3 naming the variable and the flag of a bad value", async () => {
  const r = await kinitro(["db", "status"], { KINITRO_DATABASE_URL: "nonsense" });
  assert.equal(r.code, 3);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /KINITRO_DATABASE_URL \(--database-url\)/);
});

Deno.test("kinitro <command> --help lists flags with their variables and defaults", async () => {
  const r = await kinitro(["scheduler", "--help"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /--episodes-per-env/);
  assert.match(r.stdout, /KINITRO_SCHEDULER_EPISODES_PER_ENV/);
  assert.match(r.stdout, /default: 50/);
});

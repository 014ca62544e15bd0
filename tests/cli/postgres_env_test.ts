import assert from "node:assert/strict";

Deno.test("kinitro --print-config builds the database URL from POSTGRES_* and redacts it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", `${Deno.cwd()}/main.ts`, "db", "status", "--print-config"],
      cwd: dir, // no .env here
      env: { POSTGRES_DB: "kinitro", POSTGRES_PASSWORD: "hunter2", KINITRO_DATABASE_URL: "" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(out.stdout);
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    assert.equal(JSON.parse(stdout).databaseUrl, "[redacted]");
    assert.ok(!stdout.includes("hunter2"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

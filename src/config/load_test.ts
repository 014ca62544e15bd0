import assert from "node:assert/strict";
import { z } from "zod";
import { ConfigError } from "../errors/mod.ts";
import { describeFields, loadConfig, redactConfig, toEnvKey, toFlag } from "./load.ts";
import { boolish, DatabaseConfigSchema, field } from "./shared.ts";

const Schema = z.object({
  port: field(z.coerce.number().int().min(1).max(65535).default(8000), "Port"),
  host: field(z.string().default("127.0.0.1"), "Host"),
  apiKey: field(z.string().optional(), "Key", { secret: true }),
  netuid: field(z.coerce.number().int().default(26), "Subnet", {
    shared: true,
    aliases: ["NETUID"],
  }),
  json: field(boolish().default(false), "JSON output", { env: false }),
  envs: field(z.array(z.string()).default(["a", "b"]), "Envs"),
}).extend(DatabaseConfigSchema.shape);

Deno.test("toEnvKey() and toFlag() derive names from schema keys", () => {
  assert.equal(toEnvKey("databaseUrl"), "DATABASE_URL");
  assert.equal(toFlag("databaseUrl"), "--database-url");
  assert.equal(toFlag("port"), "--port");
});

Deno.test("describeFields() names role and shared variables", () => {
  const fields = describeFields(Schema, "api");
  const byKey = Object.fromEntries(fields.map((f) => [f.key, f]));
  assert.equal(byKey.port.env, "KINITRO_API_PORT");
  assert.equal(byKey.netuid.env, "KINITRO_NETUID");
  assert.equal(byKey.databaseUrl.env, "KINITRO_DATABASE_URL");
  assert.equal(byKey.json.env, undefined);
  assert.equal(byKey.port.defaultValue, 8000);
  assert.equal(byKey.json.kind, "boolean");
});

Deno.test("loadConfig() uses schema defaults when nothing is set", () => {
  const c = loadConfig(Schema, { role: "api" });
  assert.equal(c.port, 8000);
  assert.equal(c.host, "127.0.0.1");
  assert.equal(c.json, false);
  assert.deepEqual(c.envs, ["a", "b"]);
  assert.equal(c.databaseUrl, undefined);
});

Deno.test("loadConfig() prefers flags over env over .env over defaults", async (t) => {
  const dotenv = { KINITRO_API_PORT: "7001" };
  await t.step(".env beats the default", () => {
    assert.equal(loadConfig(Schema, { role: "api", dotenv }).port, 7001);
  });
  await t.step("process env beats .env", () => {
    const env = { KINITRO_API_PORT: "7002" };
    assert.equal(loadConfig(Schema, { role: "api", dotenv, env }).port, 7002);
  });
  await t.step("a flag beats process env", () => {
    const env = { KINITRO_API_PORT: "7002" };
    const flags = { port: "7003" };
    assert.equal(loadConfig(Schema, { role: "api", dotenv, env, flags }).port, 7003);
  });
});

Deno.test("loadConfig() reads documented aliases, and the KINITRO name wins", () => {
  assert.equal(loadConfig(Schema, { role: "api", env: { NETUID: "5" } }).netuid, 5);
  assert.equal(
    loadConfig(Schema, { role: "api", env: { NETUID: "5", KINITRO_NETUID: "6" } }).netuid,
    6,
  );
  // an alias in the process env beats the KINITRO name in .env
  assert.equal(
    loadConfig(Schema, { role: "api", env: { NETUID: "5" }, dotenv: { KINITRO_NETUID: "6" } })
      .netuid,
    5,
  );
});

Deno.test("loadConfig() splits comma lists and parses booleans", () => {
  const c = loadConfig(Schema, {
    role: "api",
    env: { KINITRO_API_ENVS: "x, y" },
    flags: { json: true },
  });
  assert.deepEqual(c.envs, ["x", "y"]);
  assert.equal(c.json, true);
});

Deno.test("loadConfig() lists every bad key with its variable and flag", () => {
  let err: unknown;
  try {
    loadConfig(Schema, {
      role: "api",
      env: { KINITRO_API_PORT: "99999", KINITRO_DATABASE_URL: "nonsense" },
    });
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof ConfigError);
  assert.equal(err.issues.length, 2);
  assert.match(err.message, /KINITRO_API_PORT \(--port\): /);
  assert.match(err.message, /KINITRO_DATABASE_URL \(--database-url\): /);
});

Deno.test("loadConfig() reports a non-numeric number", () => {
  assert.throws(
    () => loadConfig(Schema, { role: "api", flags: { port: "eighty" } }),
    /KINITRO_API_PORT \(--port\)/,
  );
});

Deno.test("redactConfig() hides secrets", () => {
  const c = loadConfig(Schema, {
    role: "api",
    env: { KINITRO_API_API_KEY: "s3cret", KINITRO_DATABASE_URL: "postgres://u:p@h/db" },
  });
  const r = redactConfig(Schema, c as Record<string, unknown>);
  assert.equal(r.apiKey, "[redacted]");
  assert.equal(r.databaseUrl, "[redacted]");
  assert.equal(r.port, 8000);
});

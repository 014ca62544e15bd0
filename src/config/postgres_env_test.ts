import assert from "node:assert/strict";
import { z } from "zod";
import { loadConfig, redactConfig } from "./load.ts";
import { postgresUrlFromEnv } from "./postgres_env.ts";
import { DatabaseConfigSchema } from "./shared.ts";

const Schema = z.object({ ...DatabaseConfigSchema.shape });

Deno.test("postgresUrlFromEnv() needs POSTGRES_DB or POSTGRES_USER", () => {
  assert.equal(postgresUrlFromEnv({}), undefined);
  assert.equal(postgresUrlFromEnv({ POSTGRES_PASSWORD: "secret" }), undefined);
  assert.equal(postgresUrlFromEnv({ POSTGRES_DB: "  " }), undefined);
});

Deno.test("postgresUrlFromEnv() fills defaults and encodes user, password and database", () => {
  assert.equal(
    postgresUrlFromEnv({ POSTGRES_DB: "kinitro" }),
    "postgres://postgres@localhost:5432/kinitro",
  );
  assert.equal(
    postgresUrlFromEnv({ POSTGRES_USER: "kin", POSTGRES_PASSWORD: "p@ss:w/rd#1" }),
    "postgres://kin:p%40ss%3Aw%2Frd%231@localhost:5432/kin",
  );
  assert.equal(
    postgresUrlFromEnv({
      POSTGRES_USER: "kin",
      POSTGRES_PASSWORD: "pw",
      POSTGRES_DB: "subnet",
      POSTGRES_HOST: "db",
      POSTGRES_PORT: "6543",
    }),
    "postgres://kin:pw@db:6543/subnet",
  );
});

Deno.test("loadConfig() builds databaseUrl from POSTGRES_* in the environment and .env", () => {
  const fromEnv = loadConfig(Schema, {
    env: { POSTGRES_DB: "kinitro", POSTGRES_PASSWORD: "a b", POSTGRES_HOST: "postgres" },
  });
  assert.equal(fromEnv.databaseUrl, "postgres://postgres:a%20b@postgres:5432/kinitro");
  // the password may live in .env while the rest comes from the process environment
  const mixed = loadConfig(Schema, {
    env: { POSTGRES_USER: "kin", POSTGRES_DB: "k" },
    dotenv: { POSTGRES_PASSWORD: "pw", POSTGRES_USER: "ignored" },
  });
  assert.equal(mixed.databaseUrl, "postgres://kin:pw@localhost:5432/k");
  assert.equal(loadConfig(Schema, { env: { POSTGRES_PASSWORD: "x" } }).databaseUrl, undefined);
});

Deno.test("loadConfig() prefers --database-url and KINITRO_DATABASE_URL over POSTGRES_*", () => {
  const env = { POSTGRES_DB: "from_parts", KINITRO_DATABASE_URL: "postgres://h/from_env" };
  assert.equal(loadConfig(Schema, { env }).databaseUrl, "postgres://h/from_env");
  assert.equal(
    loadConfig(Schema, { env, flags: { databaseUrl: "postgres://h/from_flag" } }).databaseUrl,
    "postgres://h/from_flag",
  );
  // KINITRO_DATABASE_URL in .env also beats POSTGRES_* in the process environment
  assert.equal(
    loadConfig(Schema, {
      env: { POSTGRES_DB: "from_parts" },
      dotenv: { KINITRO_DATABASE_URL: "postgres://h/from_dotenv" },
    }).databaseUrl,
    "postgres://h/from_dotenv",
  );
});

Deno.test("redactConfig() hides a databaseUrl built from POSTGRES_*", () => {
  const config = loadConfig(Schema, {
    env: { POSTGRES_DB: "kinitro", POSTGRES_PASSWORD: "hunter2" },
  });
  const shown = JSON.stringify(redactConfig(Schema, config));
  assert.ok(!shown.includes("hunter2"), shown);
  assert.match(shown, /"databaseUrl":"\[redacted\]"/);
});

Deno.test("loadConfig() treats an empty variable as unset", () => {
  const S = z.object({
    key: z.string().min(1).optional(),
    port: z.coerce.number().default(8000),
  });
  const c = loadConfig(S, { role: "x", env: { KINITRO_X_KEY: "", KINITRO_X_PORT: "" } });
  assert.equal(c.key, undefined);
  assert.equal(c.port, 8000);
  // an empty KINITRO_DATABASE_URL falls through to POSTGRES_*
  const db = loadConfig(Schema, { env: { KINITRO_DATABASE_URL: "", POSTGRES_DB: "k" } });
  assert.equal(db.databaseUrl, "postgres://postgres@localhost:5432/k");
});

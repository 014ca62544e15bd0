import assert from "node:assert/strict";
import plugin from "./lint_plugin.ts";

function lint(filename: string, source: string): string[] {
  return Deno.lint.runPlugin(plugin, filename, source).map((d) => d.message);
}

Deno.test("kinitro/layers keeps packages in their home folders", () => {
  assert.equal(lint("/r/src/db/tasks.ts", 'import postgres from "postgres";').length, 0);
  assert.match(lint("/r/src/roles/api/app.ts", 'import postgres from "postgres";')[0], /src\/db/);
  assert.equal(lint("/r/src/roles/api/app.ts", 'import { Hono } from "hono";').length, 0);
  assert.match(lint("/r/src/sim/x.ts", 'import { Hono } from "hono";')[0], /roles\/api/);
});

Deno.test("kinitro/layers allows only mod.ts imports across src folders", () => {
  assert.equal(lint("/r/src/envs/a.ts", 'import { x } from "../sim/mod.ts";').length, 0);
  assert.equal(lint("/r/src/envs/a.ts", 'import { x } from "./b.ts";').length, 0);
  assert.match(lint("/r/src/envs/a.ts", 'import { x } from "../sim/model.ts";')[0], /mod\.ts/);
  assert.match(lint("/r/src/roles/api/a.ts", 'import { x } from "../../cli/mod.ts";')[0], /cli/);
  assert.equal(lint("/r/src/envs/a_test.ts", 'import { x } from "../sim/model.ts";').length, 0);
});

Deno.test("kinitro/no-env-outside-config and no-math-random", () => {
  assert.equal(lint("/r/src/config/env.ts", "Deno.env.toObject();").length, 0);
  assert.match(lint("/r/src/db/x.ts", "Deno.env.get('A');")[0], /config/);
  assert.match(lint("/r/src/sim/x.ts", "Math.random();")[0], /seeded/);
  assert.equal(lint("/r/src/roles/api/x.ts", "Math.random();").length, 0);
});

Deno.test("kinitro/layers: imports only point down, roles never import roles", () => {
  assert.equal(lint("/r/src/envs/a.ts", 'import { x } from "../core/mod.ts";').length, 0);
  assert.match(lint("/r/src/core/a.ts", 'import { x } from "../envs/mod.ts";')[0], /point down/);
  assert.match(lint("/r/src/sim/a.ts", 'import { x } from "../render/mod.ts";')[0], /point down/);
  assert.match(lint("/r/src/db/a.ts", 'import { x } from "../roles/api/mod.ts";')[0], /point down/);
  assert.match(
    lint("/r/src/roles/api/a.ts", 'import { x } from "../scheduler/mod.ts";')[0],
    /roles never import roles/,
  );
  assert.equal(lint("/r/src/roles/api/a.ts", 'import { x } from "./routes/b.ts";').length, 0);
  assert.equal(lint("/r/src/roles/demo/a.ts", 'import { x } from "../api/mod.ts";').length, 0);
  assert.match(lint("/r/src/newdir/a.ts", 'import { x } from "../core/mod.ts";')[0], /LAYERS/);
  assert.equal(
    lint("/r/src/roles/api/a_test.ts", 'import { x } from "../scheduler/mod.ts";').length,
    0,
  );
});

import assert from "node:assert/strict";
import { z } from "zod";
import { field } from "../config/mod.ts";
import { ConfigError, DependencyError, UsageError } from "../errors/mod.ts";
import { defineCommand, run } from "./mod.ts";

/** Keeps run() from installing SIGINT/SIGTERM listeners in the test process. */
const NO_SIGNAL = new AbortController().signal;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) },
    out: () => out.join(""),
    err: () => err.join(""),
  };
}

let seen: unknown;
const commands = [
  defineCommand({
    name: "serve",
    summary: "Serve things",
    role: "api",
    schema: z.object({
      port: field(z.coerce.number().int().min(1).max(65535).default(8000), "Port to listen on"),
      token: field(z.string().optional(), "Secret token", { secret: true }),
    }),
    run(ctx) {
      seen = ctx.config;
      ctx.print(`port=${ctx.config.port}`);
      return Promise.resolve(0);
    },
  }),
  defineCommand({
    name: "db status",
    summary: "Show status",
    args: [{ name: "NAME", description: "a name", required: false }],
    schema: z.object({}),
    run(ctx) {
      ctx.print(`args=${ctx.args.join(",")}`);
      return Promise.resolve();
    },
  }),
  defineCommand({
    name: "fail",
    summary: "Fails",
    schema: z.object({ kind: field(z.string().default("usage"), "which error") }),
    run(ctx) {
      if (ctx.config.kind === "usage") throw new UsageError("Cannot do it: bad input");
      if (ctx.config.kind === "dep") throw new DependencyError("Cannot reach the GPU: no adapter");
      if (ctx.config.kind === "config") throw new ConfigError("Cannot load: bad");
      throw new Error("boom");
    },
  }),
];

Deno.test("run() prints help with flags, env vars and defaults", async () => {
  const c = capture();
  assert.equal(await run(["serve", "--help"], { signal: NO_SIGNAL, io: c.io, commands }), 0);
  assert.match(c.out(), /--port <value>/);
  assert.match(c.out(), /KINITRO_API_PORT/);
  assert.match(c.out(), /default: 8000/);
  assert.match(c.out(), /--log-level/);
});

Deno.test("run() answers `help [command]` like --help", async () => {
  const c = capture();
  assert.equal(await run(["help"], { signal: NO_SIGNAL, io: c.io, commands }), 0);
  assert.match(c.out(), /serve/);
  const sub = capture();
  assert.equal(await run(["help", "db", "status"], { signal: NO_SIGNAL, io: sub.io, commands }), 0);
  assert.match(sub.out(), /Show status/);
  const unknown = capture();
  assert.equal(await run(["help", "nope"], { signal: NO_SIGNAL, io: unknown.io, commands }), 2);
  assert.match(unknown.err(), /unknown command/);
});

Deno.test("run() resolves flags into the config", async () => {
  const c = capture();
  assert.equal(
    await run(["serve", "--port", "9001"], { signal: NO_SIGNAL, io: c.io, commands }),
    0,
  );
  assert.equal(c.out(), "port=9001\n");
  assert.equal((seen as { port: number }).port, 9001);
});

Deno.test("run() exits 2 on an unknown command or flag", async () => {
  const c = capture();
  assert.equal(await run(["nope"], { signal: NO_SIGNAL, io: c.io, commands }), 2);
  assert.match(c.err(), /unknown command/);
  assert.equal(await run(["serve", "--bogus"], { signal: NO_SIGNAL, io: c.io, commands }), 2);
  assert.equal(c.out(), "");
});

Deno.test("run() exits 3 on a bad config value and names variable and flag", async () => {
  const c = capture();
  assert.equal(await run(["serve", "--port", "0"], { signal: NO_SIGNAL, io: c.io, commands }), 3);
  assert.match(c.err(), /KINITRO_API_PORT \(--port\)/);
});

Deno.test("run() maps errors to exit codes", async (t) => {
  for (const [kind, code] of [["usage", 2], ["dep", 4], ["config", 3], ["bug", 1]] as const) {
    await t.step(`${kind} → ${code}`, async () => {
      const c = capture();
      assert.equal(
        await run(["fail", "--kind", kind], { signal: NO_SIGNAL, io: c.io, commands }),
        code,
      );
      assert.match(c.err(), /^error: /);
    });
  }
});

Deno.test("run() prints the resolved config with secrets redacted", async () => {
  const c = capture();
  assert.equal(
    await run(["serve", "--token", "abc", "--print-config"], {
      signal: NO_SIGNAL,
      io: c.io,
      commands,
    }),
    0,
  );
  const printed = JSON.parse(c.out());
  assert.equal(printed.token, "[redacted]");
  assert.equal(printed.port, 8000);
});

Deno.test("run() supports command groups and positionals", async () => {
  const c = capture();
  assert.equal(await run(["db", "status", "x"], { signal: NO_SIGNAL, io: c.io, commands }), 0);
  assert.equal(c.out(), "args=x\n");
});

Deno.test("run() exits 3 when an explicit --env-file is missing", async () => {
  const c = capture();
  assert.equal(
    await run(["serve", "--env-file", "/nonexistent/.env"], {
      signal: NO_SIGNAL,
      io: c.io,
      commands,
    }),
    3,
  );
  assert.match(c.err(), /env file/);
});

import assert from "node:assert/strict";
import { COMMANDS } from "./mod.ts";
import { describeFields } from "../../config/mod.ts";
import { runCaptured } from "./_test_cli.ts";

Deno.test("kinitro help [command...] prints the command's help; groups have real descriptions", async () => {
  const top = await runCaptured(["help"]);
  assert.equal(top.code, 0);
  assert.doesNotMatch(top.out, /\b(\w[\w-]*) commands\b/, "no placeholder group descriptions");
  assert.match(top.out, /kinitro help <command>/);
  const sub = await runCaptured(["help", "db", "status"]);
  assert.equal(sub.code, 0);
  assert.match(sub.out, /^Usage: kinitro db status/);
});

Deno.test("no environment variable name repeats a word (KINITRO_EXECUTOR_EXECUTOR_ID)", () => {
  for (const c of COMMANDS) {
    if (!c.schema) continue;
    for (const f of describeFields(c.schema, c.role)) {
      const parts = (f.env ?? "").split("_");
      assert.ok(parts.every((p, i) => i === 0 || p !== parts[i - 1]), `${c.name}: ${f.env}`);
    }
  }
});

Deno.test("environment ids are --env-ids in every command (old --envs kept as a hidden alias)", () => {
  for (const c of COMMANDS) {
    if (!c.schema) continue;
    for (const f of describeFields(c.schema, c.role)) {
      assert.notEqual(f.flag, "--envs", `${c.name} still spells it --envs`);
    }
  }
  const evalFields = describeFields(COMMANDS.find((c) => c.name === "eval")!.schema!, "eval");
  assert.deepEqual(evalFields.find((f) => f.flag === "--env-ids")?.flagAliases, ["envs"]);
});

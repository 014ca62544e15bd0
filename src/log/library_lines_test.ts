import assert from "node:assert/strict";
import { createLogger, routeLibraryLines } from "./mod.ts";

Deno.test("routeLibraryLines() turns @polkadot logger lines into JSON log lines and restores the console", () => {
  const lines: string[] = [];
  const log = createLogger({ format: "json", write: (l) => lines.push(l), level: "debug" });
  // deno-lint-ignore no-console
  const before = console.error;
  const remove = routeLibraryLines(log);
  try {
    // deno-lint-ignore no-console
    console.error(
      "2026-12-04 01:17:07",
      "          API-WS:",
      "disconnected from ws://127.0.0.1:9944: 1006:: Abnormal Closure",
    );
    // deno-lint-ignore no-console
    console.log("2026-12-04 01:17:07", "        RPC-CORE:", { code: 1010 });
  } finally {
    remove();
  }
  // deno-lint-ignore no-console
  assert.equal(console.error, before);
  const parsed = lines.map((l) => JSON.parse(l));
  assert.deepEqual(parsed.map((p) => [p.level, p.msg, p.origin]), [
    ["warn", "Library message", "api-ws"],
    ["debug", "Library message", "rpc-core"],
  ]);
  assert.match(parsed[0].detail, /disconnected from ws:\/\/127\.0\.0\.1:9944/);
  assert.equal(parsed[1].detail, '{"code":1010}');
});

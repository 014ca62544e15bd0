import assert from "node:assert/strict";
import { ApiConfigSchema } from "../../config/mod.ts";
import { silentLogger } from "../../log/mod.ts";
import { runApi } from "./mod.ts";

Deno.test("runApi() serves on a port and stops gracefully on abort", async () => {
  const config = ApiConfigSchema.parse({ host: "127.0.0.1", port: 0 });
  const controller = new AbortController();
  const listening = Promise.withResolvers<number>();
  const done = runApi(config, {
    log: silentLogger(),
    signal: controller.signal,
    version: "test",
    ephemeral: true,
    onListen: (addr) => listening.resolve(addr.port),
  });
  const port = await listening.promise;
  const res = await fetch(`http://127.0.0.1:${port}/health`);
  assert.equal(res.status, 200);
  assert.equal((await res.json()).database, "connected");
  const stats = await fetch(`http://127.0.0.1:${port}/v1/tasks/stats`);
  assert.equal((await stats.json()).total_tasks, 0);
  controller.abort();
  await done;
  await assert.rejects(fetch(`http://127.0.0.1:${port}/health`));
});

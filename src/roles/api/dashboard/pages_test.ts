import assert from "node:assert/strict";
import { silentLogger } from "../../../log/mod.ts";
import { openTestDb } from "../../../testing/mod.ts";
import { seedDashboard } from "../../../testing/dashboard.ts";
import { createApp } from "../mod.ts";

const HTML = { Accept: "text/html" };

Deno.test("dashboard pages render from a seeded database; unknown ids and bad queries get an HTML error page", async () => {
  const db = await openTestDb();
  try {
    const seeded = await seedDashboard(db);
    const app = createApp({
      pendingCountTtlMs: 0,
      db,
      log: silentLogger(),
      settings: { leaseSeconds: 60, maxAttempts: 3, bodyLimit: 64 * 1024 },
      environments: seeded.envIds,
      version: "test",
    });
    const done = seeded.completed[seeded.completed.length - 1];
    const pages = ["/", `/cycles/${done.id}`, "/miners/0", "/weights"];
    if (seeded.replayIds.length > 0) pages.push(`/replays/${seeded.replayIds[0]}`);
    for (const path of pages) {
      const res = await app.request(path, { headers: HTML });
      const body = await res.text();
      assert.equal(res.status, 200, `${path}: ${res.status} ${body.slice(0, 300)}`);
      assert.match(res.headers.get("content-type") ?? "", /text\/html/, path);
      assert.match(body, /^<!doctype html>/i, path);
      // every asset is local: no CDN, no external fonts
      assert.doesNotMatch(body, /(src|href)="https?:\/\//, `${path} loads nothing external`);
    }
    for (const path of ["/cycles/999999", "/miners/65535", "/replays/999999"]) {
      const res = await app.request(path, { headers: HTML });
      assert.equal(res.status, 404, path);
      assert.match(await res.text(), /<!doctype html>/i, `${path} is a page`);
    }
    for (const path of ["/cycles/abc", "/miners/-1"]) {
      const res = await app.request(path, { headers: HTML });
      assert.ok(res.status === 400 || res.status === 404, `${path}: ${res.status}`);
      await res.body?.cancel();
    }
  } finally {
    await db.close();
  }
});

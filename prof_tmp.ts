import { openTestDb } from "./src/testing/mod.ts";
import { seedDashboard } from "./src/testing/dashboard.ts";
import { createApp } from "./src/roles/api/mod.ts";
import { silentLogger } from "./src/log/mod.ts";
import { launchBrowser, serveHandler } from "./src/testing/browser.ts";
const db = await openTestDb({ real: true });
const envIds = Array.from({ length: 16 }, (_, i) => `metaworld/task-${i}-v3`);
const s = await seedDashboard(db, { miners: 256, envIds, cycles: 2, episodes: 10 });
const app = createApp({ db, log: silentLogger(), settings: { leaseSeconds: 60, maxAttempts: 3, bodyLimit: 65536 }, environments: envIds, version: "x" });
const server = serveHandler(app.fetch);
const b = await launchBrowser();
for (let i = 0; i < 3; i++) {
  const ctx = await b.createBrowserContext(); const page = await ctx.newPage(); await page.setCacheEnabled(false);
  const cdp = await page.createCDPSession(); await cdp.send("Performance.enable");
  await page.goto(`${server.url}/cycles/${s.completed.at(-1)!.id}`, { waitUntil: "load" });
  const m = (await cdp.send("Performance.getMetrics")).metrics;
  const pick = Object.fromEntries(m.filter((x: any) => /Duration|Nodes|LayoutCount|RecalcStyleCount/.test(x.name)).map((x: any) => [x.name, Math.round(x.value * 1000) / (x.name.includes("Duration") ? 1 : 1000)]));
  console.log(JSON.stringify(pick), await page.evaluate(`performance.getEntriesByName("dashboard-ready")[0].startTime`));
  await ctx.close();
}
await b.close(); await server.close(); await db.close();

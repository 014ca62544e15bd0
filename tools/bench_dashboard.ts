// deno-lint-ignore-file no-console
/**
 * `deno task bench:dashboard`: seeds 256 miners × 16 environments × 50 past cycles (plus a
 * running cycle and a replay per miner and environment of the newest) into a fresh database,
 * serves the API, and measures for every dashboard page:
 * - the first response (the page's first request after a start: nothing derived is cached,
 *   the pool's connections are open) and the next (warm) one, in ms, against the target of
 *   300 ms for the first;
 * - the time to interactive in headless Chromium (navigation start to the client's
 *   `dashboard-ready` mark: HTML parsed, stylesheet and script loaded, tables made sortable,
 *   live updates started), cold browser cache, against the target of 1 s.
 * A reference database of 4 miners × 3 environments × 2 cycles is measured the same way in
 * the same process; the ratios say what the size costs, whatever the load.
 *
 * Usage: KINITRO_TEST_DATABASE_URL=postgres://… deno task bench:dashboard [--miners 256]
 *        [--envs 16] [--cycles 50] [--episodes 10] [--runs 5]
 * Without a URL it runs on the embedded database (PGlite) and says so.
 */
import { parseArgs } from "node:util";
import { cpus, loadavg } from "node:os";
import {
  createServerDatabase,
  type DbHandle,
  dropServerDatabase,
  migrate,
  openDb,
} from "../src/db/mod.ts";
import { HAS_CHROMIUM, launchBrowser, serveHandler } from "../src/testing/browser.ts";
import { dashboardApp, seedDashboard } from "../src/testing/dashboard.ts";

const { values } = parseArgs({
  options: {
    miners: { type: "string", default: "256" },
    envs: { type: "string", default: "16" },
    cycles: { type: "string", default: "50" },
    episodes: { type: "string", default: "10" },
    runs: { type: "string", default: "5" },
  },
});
const RUNS = Number(values.runs);
const BASE_URL = Deno.env.get("KINITRO_BENCH_DATABASE_URL") ??
  Deno.env.get("KINITRO_TEST_DATABASE_URL");
const RESPONSE_TARGET_MS = 300;
const INTERACTIVE_TARGET_MS = 1000;

interface Size {
  miners: number;
  envs: number;
  cycles: number;
  episodes: number;
}

async function openFresh(): Promise<DbHandle> {
  if (!BASE_URL) {
    const db = await openDb({ memory: true, poolSize: 1 });
    await migrate(db);
    return db;
  }
  const u = new URL(BASE_URL);
  u.pathname = `/kinitro_bench_${crypto.randomUUID().slice(0, 8)}`;
  const url = u.toString();
  await createServerDatabase(url);
  const inner = await openDb({ databaseUrl: url, poolSize: 8 });
  await migrate(inner);
  return {
    ...inner,
    async close() {
      await inner.close();
      await dropServerDatabase(url);
    },
  };
}

interface PageFigures {
  label: string;
  path: string;
  bytes: number;
  coldMs: number;
  warmMs: number;
  interactiveMs: number | null;
  /** Navigation start to the last byte of the HTML, and to the end of parsing (medians). */
  receivedMs: number | null;
  parsedMs: number | null;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timeRequest(url: string): Promise<{ ms: number; bytes: number; status: number }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { accept: "text/html" } });
  const body = await res.arrayBuffer();
  return { ms: performance.now() - t0, bytes: body.byteLength, status: res.status };
}

async function measure(size: Size): Promise<{ seedS: number; pages: PageFigures[] }> {
  const db = await openFresh();
  try {
    const t0 = performance.now();
    const envIds = Array.from({ length: size.envs }, (_, i) => `metaworld/task-${i}-v3`);
    const seeded = await seedDashboard(db, {
      miners: size.miners,
      envIds,
      cycles: size.cycles,
      episodes: size.episodes,
    });
    await db.query("ANALYZE");
    const seedS = (performance.now() - t0) / 1000;
    // The dashboard keeps what it derives per database object: an app over a shallow copy of
    // the handle starts with empty caches, as after a restart, on the same open connections.
    const freshApp = () => dashboardApp({ ...db }, envIds, "bench");
    let app = freshApp();
    await using server = serveHandler((req) => app.fetch(req));
    // open the pool's connections first: "first response" is a page's, not the pool's
    await Promise.all(Array.from({ length: 8 }, () => timeRequest(server.url + "/health")));
    const paths: [string, string][] = [
      ["/ (now)", "/"],
      ["cycle, newest", `/cycles/${seeded.completed.at(-1)!.id}`],
      ["cycle, running", `/cycles/${seeded.open!.id}`],
      ["cycle, oldest", `/cycles/${seeded.completed[0].id}`],
      ["cycle, why", `/cycles/${seeded.completed.at(-1)!.id}/why`],
      ["/miners/{uid}", "/miners/0"],
      ["/weights", "/weights"],
      ["/replays/{id}", `/replays/${seeded.replayIds[0]}`],
    ];
    const pages: PageFigures[] = [];
    for (const [label, path] of paths) {
      const colds: number[] = [], warm: number[] = [];
      let bytes = 0;
      for (let i = 0; i < RUNS; i++) {
        app = freshApp();
        const cold = await timeRequest(server.url + path);
        if (cold.status !== 200) throw new Error(`${path}: HTTP ${cold.status}`);
        colds.push(cold.ms);
        bytes = cold.bytes;
        warm.push((await timeRequest(server.url + path)).ms);
      }
      pages.push({
        label,
        path,
        bytes,
        coldMs: median(colds),
        warmMs: median(warm),
        interactiveMs: null,
        receivedMs: null,
        parsedMs: null,
      });
    }
    if (HAS_CHROMIUM) {
      const browser = await launchBrowser();
      try {
        for (const p of pages) {
          const times: number[] = [], received: number[] = [], parsed: number[] = [];
          for (let i = 0; i < RUNS; i++) {
            const context = await browser.createBrowserContext();
            const page = await context.newPage();
            await page.setCacheEnabled(false);
            await page.goto(server.url + p.path, { waitUntil: "load" });
            await page.waitForSelector("html[data-ready]");
            const [ready, nav] = await page.evaluate(`[
              performance.getEntriesByName("dashboard-ready")[0].startTime,
              performance.getEntriesByType("navigation")[0].toJSON(),
            ]`) as [number, { responseEnd: number; domInteractive: number }];
            times.push(ready);
            received.push(nav.responseEnd);
            parsed.push(nav.domInteractive);
            await context.close();
          }
          p.interactiveMs = median(times);
          p.receivedMs = median(received);
          p.parsedMs = median(parsed);
        }
      } finally {
        await browser.close();
      }
    }
    return { seedS, pages };
  } finally {
    await db.close();
  }
}

const big: Size = {
  miners: Number(values.miners),
  envs: Number(values.envs),
  cycles: Number(values.cycles),
  episodes: Number(values.episodes),
};
const small: Size = { miners: 4, envs: 3, cycles: 2, episodes: 10 };
console.log(
  `bench:dashboard on ${
    BASE_URL ? "PostgreSQL" : "embedded PGlite (no KINITRO_TEST_DATABASE_URL)"
  }` +
    `, ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(" ")}` +
    `${HAS_CHROMIUM ? "" : "; no Chromium: time to interactive not measured"}`,
);
const ref = await measure(small);
const run = await measure(big);
console.log(
  `seeded ${big.miners} miners × ${big.envs} envs × ${big.cycles} cycles × ${big.episodes} episodes` +
    ` in ${run.seedS.toFixed(1)} s (reference ${small.miners}×${small.envs}×${small.cycles}: ` +
    `${ref.seedS.toFixed(1)} s); medians of ${RUNS} runs`,
);
const pad = (s: string, n: number) => s.padEnd(n);
const ms = (v: number | null) => v === null ? "—" : `${v.toFixed(0)} ms`;
console.log(
  `${pad("page", 16)} ${pad("KiB", 6)} ${pad("first", 9)} ${pad("warm", 9)} ${
    pad("interactive", 12)
  } ${pad("received/parsed", 16)} ratio to reference (first / interactive)`,
);
let misses = 0;
run.pages.forEach((p, i) => {
  const r = ref.pages[i];
  const missed = p.coldMs > RESPONSE_TARGET_MS ||
    (p.interactiveMs !== null && p.interactiveMs > INTERACTIVE_TARGET_MS);
  if (missed) misses++;
  console.log(
    `${pad(p.label, 16)} ${pad((p.bytes / 1024).toFixed(0), 6)} ${pad(ms(p.coldMs), 9)} ${
      pad(ms(p.warmMs), 9)
    } ${pad(ms(p.interactiveMs), 12)} ${
      pad(`${p.receivedMs?.toFixed(0) ?? "—"}/${p.parsedMs?.toFixed(0) ?? "—"} ms`, 16)
    } ${(p.coldMs / r.coldMs).toFixed(1)}× / ${
      p.interactiveMs && r.interactiveMs ? (p.interactiveMs / r.interactiveMs).toFixed(1) : "—"
    }×${missed ? "  MISSES TARGET" : ""}`,
  );
});
console.log(
  `targets: first response < ${RESPONSE_TARGET_MS} ms, interactive < ${INTERACTIVE_TARGET_MS} ms: ${
    misses === 0 ? "all met" : `${misses} page(s) miss`
  }; load now ${loadavg().map((l) => l.toFixed(2)).join(" ")}`,
);
if (misses > 0) Deno.exitCode = 1;

/**
 * The dashboard in a real headless Chromium (Debian's `chromium`, driven by puppeteer-core):
 * every page loads without console errors, the live page follows a cycle as an executor
 * finishes tasks, a replay plays, the leaderboard sorts by mouse and keyboard, unknown ids and
 * bad queries give error pages, and the accessibility basics hold. Screenshots of each page go
 * to `KINITRO_SCREENSHOT_DIR` (default: a temporary folder).
 */
import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import {
  chromiumNote,
  HAS_CHROMIUM,
  launchBrowser,
  screenshotDir,
  serveHandler,
  watchProblems,
} from "../../src/testing/browser.ts";
import { dashboardApp, seedDashboard } from "../../src/testing/dashboard.ts";
import { openTestDb, runFakeExecutor, TEST_DATABASE_URL } from "../../src/testing/mod.ts";
import AUDIT from "./a11y_audit.js" with { type: "text" };

/** The accessibility audit's problems on the loaded page (see `a11y_audit.js`). */
function audit(page: Page): Promise<string[]> {
  return page.evaluate(AUDIT) as Promise<string[]>;
}

const VIEWPORT = { width: 1280, height: 900 };

/** Loads a page and waits for its script to have started (`<html data-ready>`). */
async function open(page: Page, url: string): Promise<number> {
  const res = await page.goto(url, { waitUntil: "load" });
  await page.waitForSelector("html[data-ready]", { timeout: 10_000 });
  return res?.status() ?? 0;
}

/** The numbers of one column of a table, top to bottom, by its header's label. */
async function columnOf(page: Page, table: string, label: string): Promise<number[]> {
  return await page.evaluate(`(() => {
    const t = document.querySelector(${JSON.stringify(table)});
    const col = [...t.tHead.rows[0].cells].findIndex((th) => th.textContent.trim() === ${
    JSON.stringify(label)
  });
    if (col < 0) throw new Error("no such column");
    return [...t.tBodies[0].rows].map((r) => Number(r.cells[col].dataset.v ?? r.cells[col].textContent));
  })()`) as number[];
}

function isSorted(xs: number[], dir: 1 | -1): boolean {
  return xs.every((x, i) => i === 0 || dir * (x - xs[i - 1]) >= 0);
}

Deno.test({
  name:
    `dashboard in headless Chromium: pages, live cycle, replay, sorting, errors, a11y${chromiumNote()}`,
  ignore: !HAS_CHROMIUM,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const db = await openTestDb({ real: TEST_DATABASE_URL !== undefined });
    const seeded = await seedDashboard(db, { miners: 8, cycles: 3, episodes: 6 });
    const app = dashboardApp(db, seeded.envIds);
    const server = serveHandler(app.fetch);
    const browser = await launchBrowser();
    const shots = await screenshotDir();
    try {
      const page = await browser.newPage();
      await page.setViewport(VIEWPORT);
      const problems = watchProblems(page);
      const done = seeded.completed.at(-1)!;
      const open_ = seeded.open!;
      const pages: [string, string][] = [
        ["now", "/"],
        ["cycle", `/cycles/${done.id}`],
        ["cycle-running", `/cycles/${open_.id}`],
        ["why", `/cycles/${done.id}/why`],
        ["miner", "/miners/3"],
        ["weights", "/weights"],
        ["replay", `/replays/${seeded.replayIds[0]}`],
      ];

      await t.step("every page loads without console errors, passes the a11y basics", async () => {
        for (const [name, path] of pages) {
          assert.equal(await open(page, server.url + path), 200, path);
          assert.deepEqual(problems.take(), [], `${path} reported problems`);
          assert.deepEqual(await audit(page), [], `${path} accessibility`);
          const text = await page.$eval("body", (b) => b.innerText);
          assert.doesNotMatch(text, /gpu-host|\.internal/, `${path} shows no executor host`);
          const markup = await page.content();
          assert.ok(!markup.includes(open_.secret), `${path} hides the running cycle's secret`);
          await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
        }
      });

      await t.step("the accessibility audit finds planted faults", async () => {
        await open(page, server.url + "/weights");
        await page.evaluate(`(() => {
          const main = document.querySelector("main");
          main.insertAdjacentHTML("afterbegin", '<p id="faint">faint text</p>' +
            '<img src="/assets/icon.svg"><span id="main">twin</span><button type="button"></button>');
          // CSSOM, not an inline style attribute (the page's CSP blocks those)
          document.getElementById("faint").style.color = "#aaa";
          const chart = document.querySelector("svg.chart");
          chart.removeAttribute("aria-labelledby");
          main.append(chart.cloneNode(true));
        })()`);
        const found = (await audit(page)).join("\n");
        for (
          const want of [
            /contrast 2\.\d+ < 4\.5/,
            /image without alt/,
            /duplicate id "main"/,
            /control without a name/,
            /chart without a title/,
            /chart with no table/,
          ]
        ) assert.match(found, want);
        problems.take();
      });

      await t.step("the live page follows the running cycle without reloading", async () => {
        await open(page, server.url + "/");
        const finished = async () =>
          String(
            await page.evaluate(
              `document.querySelector("[data-field=finished]").textContent.trim()`,
            ),
          );
        const before = await finished();
        await page.evaluate("globalThis.sameDocument = true");
        const subs = await runFakeExecutor(db, {
          executorId: "exec-c/host-9.internal",
          skill: () => 0.5,
          maxTasks: 20,
        });
        assert.equal(subs.length, 20);
        await page.waitForFunction(
          `document.querySelector("[data-field=finished]").textContent.trim() !== ${
            JSON.stringify(before)
          }`,
          { timeout: 10_000 },
        );
        const [n0, total] = before.split("/").map((s: string) => Number(s.trim()));
        assert.equal(await finished(), `${n0 + 20} / ${total}`);
        assert.equal(
          await page.evaluate("globalThis.sameDocument"),
          true,
          "updated in place, not reloaded",
        );
        await page.waitForFunction(
          `/tasks finished/.test(document.querySelector("[data-live-announce]").textContent)`,
          { timeout: 5_000 },
        );
        const executors = String(
          await page.evaluate(`document.getElementById("progress").innerText`),
        );
        assert.match(executors, /exec-c/);
        assert.doesNotMatch(executors, /host-9|\.internal/);
        assert.deepEqual(problems.take(), []);
        await page.screenshot({ path: `${shots}/now-live.png` });
      });

      await t.step("a replay plays: its frames change on screen", async () => {
        await open(page, `${server.url}/replays/${seeded.replayIds[0]}`);
        const img = (await page.$("#replay-media"))!;
        assert.ok(
          await page.evaluate(`document.getElementById("replay-media").naturalWidth > 0`),
          "loaded",
        );
        const frames = new Set<string>();
        for (let i = 0; i < 30 && frames.size < 3; i++) {
          const png = await img.screenshot({ encoding: "base64" });
          frames.add(png as string);
          await new Promise((r) => setTimeout(r, 70));
        }
        assert.ok(frames.size >= 3, `the animation shows ${frames.size} distinct frames`);
        assert.deepEqual(problems.take(), []);
      });

      await t.step("the leaderboard sorts by a click and by the keyboard", async () => {
        await open(page, `${server.url}/cycles/${done.id}`);
        const button = (label: string) =>
          page.$$eval(
            "#leaderboard-table thead button",
            (bs, l) => bs.findIndex((b) => b.textContent?.trim() === l),
            label,
          );
        const uidCol = await button("uid");
        const uids = async () => await columnOf(page, "#leaderboard-table", "uid");
        const first = await uids();
        assert.ok(!isSorted(first, 1), `the default order is by weight, not uid: ${first}`);
        await page.click(`#leaderboard-table thead th:nth-child(${uidCol + 1}) button`);
        assert.ok(isSorted(await uids(), -1), "numbers sort descending first");
        await page.click(`#leaderboard-table thead th:nth-child(${uidCol + 1}) button`);
        assert.ok(isSorted(await uids(), 1), "then ascending");
        assert.equal(
          await page.$eval(
            `#leaderboard-table thead th:nth-child(${uidCol + 1})`,
            (th) => th.getAttribute("aria-sort"),
          ),
          "ascending",
        );
        // keyboard: from the top of the page, Tab reaches the Points header, Enter sorts
        await page.goto(`${server.url}/cycles/${done.id}`);
        await page.waitForSelector("html[data-ready]");
        await page.keyboard.press("Tab");
        assert.equal(await page.evaluate("document.activeElement.className"), "skip");
        let reached = false;
        for (let i = 0; i < 80 && !reached; i++) {
          await page.keyboard.press("Tab");
          reached = await page.evaluate(
            `document.activeElement.matches("#leaderboard-table button") &&
              document.activeElement.textContent === "Points"`,
          ) as boolean;
        }
        assert.ok(reached, "Tab reaches the Points header button");
        const outline = await page.evaluate(
          "getComputedStyle(document.activeElement).outlineStyle",
        );
        assert.notEqual(outline, "none", "the focused header shows a focus ring");
        await page.keyboard.press("Enter");
        assert.ok(isSorted(await columnOf(page, "#leaderboard-table", "Points"), -1));
        assert.deepEqual(problems.take(), []);
      });

      await t.step("unknown ids give a 404 page, bad queries a 400 page", async () => {
        const cases: [string, number, RegExp][] = [
          ["/cycles/999999", 404, /Not found/],
          ["/miners/65535", 404, /Not found/],
          ["/replays/999999", 404, /Not found/],
          ["/cycles/abc", 404, /Not found/],
          ["/weights?n=abc", 400, /Bad request/],
          [`/cycles/${done.id}/why?x=metaworld/nope-v4`, 400, /Bad request/],
          [`/cycles/${done.id}?x=metaworld/reach-v4`, 400, /Bad request/],
          [`/cycles/${open_.id}/why`, 404, /Not found/],
          ["/?debug=1", 400, /Bad request/],
        ];
        for (const [path, status, heading] of cases) {
          assert.equal(await open(page, server.url + path), status, path);
          assert.match(await page.$eval("h1", (h) => h.textContent!), heading, path);
          assert.ok(await page.$("a[href='/']"), `${path} links back home`);
          const left = problems.take().filter((p) =>
            !p.includes(`HTTP ${status}: ${server.url}${path}`) &&
            !p.includes(`status of ${status}`)
          );
          assert.deepEqual(left, [], `${path}: only the expected status is reported`);
        }
        await page.screenshot({ path: `${shots}/not-found.png` });
      });
    } finally {
      await browser.close();
      await server.close();
      await db.close();
    }
  },
});

/**
 * `kinitro demo` prints its dashboard URL, and that page, opened in headless Chromium before
 * the cycle starts, follows the demo's cycle live (no cycle yet → running → complete) in one
 * document, without reloading.
 */
import assert from "node:assert/strict";
import { spawnKinitro } from "../e2e/_process.ts";
import {
  chromiumNote,
  HAS_CHROMIUM,
  launchBrowser,
  watchProblems,
} from "../../src/testing/browser.ts";

Deno.test({
  name: `kinitro demo prints the dashboard URL and the page shows its cycle live${chromiumNote()}`,
  ignore: !HAS_CHROMIUM,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const browser = await launchBrowser();
    const demo = spawnKinitro("demo", [
      "demo",
      ...["--episodes", "2", "--env-ids", "metaworld/reach-v4,metaworld/button-press-v4"],
      ...["--workers", "0", "--renderer", "cpu", "--log-level", "warn", "--keep-running"],
    ]);
    try {
      const line = await demo.waitForLine("stdout", (l) => l.startsWith("Dashboard: "), 60_000);
      const url = /^Dashboard: (http:\/\/127\.0\.0\.1:\d+\/) /.exec(line)?.[1];
      assert.ok(url, `a dashboard URL in "${line}"`);
      const page = await browser.newPage();
      const problems = watchProblems(page);
      await page.goto(url, { waitUntil: "load" });
      await page.evaluate("globalThis.sameDocument = true");
      const seen: string[] = [];
      const summary = async () =>
        String(await page.evaluate(`document.getElementById("progress").dataset.summary`));
      for (let i = 0; i < 900 && !/complete/.test(seen.at(-1) ?? ""); i++) {
        const s = await summary();
        if (s !== seen.at(-1)) seen.push(s);
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.match(
        seen.at(-1) ?? "",
        // every task of the cycle (miners x 2 envs x 2 episodes), however many demo miners run
        /^Cycle 1 complete: (\d+) of \1 tasks finished$/,
        seen.join(" | "),
      );
      assert.ok(
        seen.some((s) => /^Cycle 1 (open|running)/.test(s)),
        `the page showed the cycle running: ${seen.join(" | ")}`,
      );
      assert.equal(await page.evaluate("globalThis.sameDocument"), true, "no reload");
      assert.deepEqual(problems.take(), []);
      const report = await demo.waitForLine(
        "stdout",
        (l) => l.startsWith("Dashboard of this cycle"),
      );
      assert.equal(report, `Dashboard of this cycle: ${url}cycles/1`);
    } finally {
      await browser.close();
      await demo.stop("SIGINT");
    }
  },
});

/**
 * Headless Chromium for the dashboard's browser tests and `bench:dashboard`: finds the
 * browser, serves an app on a loopback port, records what a page reports as broken and
 * writes screenshots. Imported directly (not through `mod.ts`) so that other tests do not
 * load puppeteer.
 */
import type { Browser, Page } from "puppeteer-core";
import puppeteer from "puppeteer-core";

/** The Chromium binary: `KINITRO_CHROMIUM`, else Debian's `/usr/bin/chromium`. */
export const CHROMIUM_PATH: string = Deno.env.get("KINITRO_CHROMIUM") || "/usr/bin/chromium";

function exists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** Whether a Chromium binary is there to drive. */
export const HAS_CHROMIUM: boolean = exists(CHROMIUM_PATH);

/** Why browser tests are skipped when it is not. */
export const NO_CHROMIUM_MESSAGE =
  `skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set KINITRO_CHROMIUM)`;

/** Suffix for the name of a test that needs Chromium: the skip reason when absent. */
export function chromiumNote(): string {
  return HAS_CHROMIUM ? "" : ` (${NO_CHROMIUM_MESSAGE})`;
}

/** Launches headless Chromium (no sandbox: CI runs as root in a container). */
export function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
  });
}

/** A handler served on 127.0.0.1; close it when done. */
export interface Served extends AsyncDisposable {
  url: string;
  close(): Promise<void>;
}

/** Serves a fetch handler (an app's `fetch`) on 127.0.0.1, port 0. */
export function serveHandler(handler: (req: Request) => Response | Promise<Response>): Served {
  const ac = new AbortController();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: ac.signal, onListen() {} },
    handler,
  );
  const close = async () => {
    ac.abort();
    await server.finished;
  };
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** What went wrong on a page: console errors, uncaught exceptions, failed requests. */
export interface PageProblems {
  /** Everything recorded since the last {@link PageProblems.take}. */
  take(): string[];
}

/** Records a page's console errors and warnings, uncaught errors and failed requests. */
export function watchProblems(page: Page): PageProblems {
  let list: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warn") {
      const at = msg.location()?.url ?? "";
      list.push(`console.${msg.type()}: ${msg.text()}${at ? ` (${at})` : ""}`);
    }
  });
  page.on("pageerror", (err) => list.push(`uncaught: ${String(err)}`));
  page.on("requestfailed", (req) => {
    list.push(`request failed: ${req.url()} (${req.failure()?.errorText ?? "?"})`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400) list.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return {
    take() {
      const out = list;
      list = [];
      return out;
    },
  };
}

/**
 * Where screenshots go: `KINITRO_SCREENSHOT_DIR` (CI sets it to its artifacts folder), else a
 * new temporary folder. Created when missing.
 */
export async function screenshotDir(): Promise<string> {
  const dir = Deno.env.get("KINITRO_SCREENSHOT_DIR") ||
    await Deno.makeTempDir({ prefix: "kinitro-screens-" });
  await Deno.mkdir(dir, { recursive: true });
  return dir;
}

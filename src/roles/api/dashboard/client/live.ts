/// <reference no-default-lib="true" />
/// <reference lib="dom" />
/// <reference lib="esnext" />
import { updateCountdowns } from "./countdown.ts";

/**
 * Keeps a server-rendered section current without reloading the page: every few seconds
 * (while the tab is visible) it fetches the section again from `data-live` (an HTML fragment
 * rendered from the same data as the public JSON route) and swaps it in. A fragment with
 * `data-final` stops the polling (a finished cycle). Changes of cycle or status are announced
 * through the page's polite live region.
 */
export function startLive(first: HTMLElement): void {
  let current = first;
  const every = Number(first.dataset.every ?? "2000");
  const problem = document.querySelector<HTMLElement>("[data-live-error]");
  const announce = document.querySelector<HTMLElement>("[data-live-announce]");

  async function tick(): Promise<void> {
    if (!document.hidden) {
      try {
        const res = await fetch(current.dataset.live!, {
          headers: { accept: "text/html" },
          cache: "no-store",
        });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const template = document.createElement("template");
        template.innerHTML = await res.text();
        const next = template.content.firstElementChild;
        if (next instanceof HTMLElement && next.dataset.live) {
          const before = current.dataset.summary;
          current.replaceWith(next);
          current = next;
          updateCountdowns();
          if (announce && next.dataset.summary && next.dataset.summary !== before) {
            announce.textContent = next.dataset.summary;
          }
        }
        if (problem) problem.hidden = true;
      } catch (err) {
        if (problem) {
          problem.hidden = false;
          problem.textContent = `Live updates paused (${
            err instanceof Error ? err.message : String(err)
          }); retrying`;
        }
      }
    }
    if (current.dataset.final === undefined) setTimeout(tick, every);
  }
  if (current.dataset.final === undefined) setTimeout(tick, every);
}

/// <reference no-default-lib="true" />
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/// <reference lib="esnext" />
/**
 * The dashboard's only script (bundled into `assets/dashboard.js` by `deno task
 * gen:dashboard`). Every page works without it; it adds live updates of a running cycle,
 * deadline countdowns and sortable tables.
 */
import { startCountdowns } from "./countdown.ts";
import { startLive } from "./live.ts";
import { enableSorting } from "./sort.ts";

function init(): void {
  for (const table of document.querySelectorAll<HTMLTableElement>("table[data-sortable]")) {
    enableSorting(table);
  }
  for (const el of document.querySelectorAll<HTMLElement>("[data-live]")) startLive(el);
  startCountdowns();
  document.documentElement.dataset.ready = "1";
  performance.mark("dashboard-ready");
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();

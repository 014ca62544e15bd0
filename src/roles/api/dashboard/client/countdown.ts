/// <reference no-default-lib="true" />
/// <reference lib="dom" />
/// <reference lib="esnext" />

/** Milliseconds to add to the local clock to read the server's (from `data-now`). */
function offsetOf(el: Element): number {
  const host = el.closest<HTMLElement>("[data-now]");
  if (!host) return 0;
  if (host.dataset.offset === undefined) {
    host.dataset.offset = String(Number(host.dataset.now) - Date.now());
  }
  return Number(host.dataset.offset);
}

/** "1h 02m 05s" */
export function formatSpan(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}h ${two(m)}m ${two(r)}s` : m > 0 ? `${m}m ${two(r)}s` : `${r}s`;
}

/** Updates every `<time data-countdown datetime=…>` once, against the server's clock. */
export function updateCountdowns(): void {
  for (const el of document.querySelectorAll<HTMLTimeElement>("time[data-countdown]")) {
    const left = Date.parse(el.dateTime) - (Date.now() + offsetOf(el));
    el.textContent = left >= 0 ? `${formatSpan(left)} left` : `passed ${formatSpan(left)} ago`;
  }
}

/** Ticks the countdowns every second. */
export function startCountdowns(): void {
  updateCountdowns();
  setInterval(updateCountdowns, 1000);
}

import assert from "node:assert/strict";
import { delay, pause } from "./sleep.ts";

Deno.test("pause() waits, and ends quietly at once when its signal aborts", async () => {
  const t0 = performance.now();
  await pause(20);
  assert.ok(performance.now() - t0 >= 15, "it waited");
  const ac = new AbortController();
  const waiting = pause(60_000, ac.signal);
  ac.abort(new Error("stop"));
  await waiting; // resolves: no timer is left behind (the test's sanitizer checks)
  await pause(60_000, ac.signal); // already aborted: returns at once
});

Deno.test("delay() waits, and rejects with the signal's reason when it aborts", async () => {
  await delay(1);
  const ac = new AbortController();
  const waiting = delay(60_000, ac.signal);
  const reason = new Error("stop");
  ac.abort(reason);
  await assert.rejects(waiting, (e) => e === reason);
  await assert.rejects(delay(60_000, ac.signal), (e) => e === reason);
});

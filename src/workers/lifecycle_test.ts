import assert from "node:assert/strict";
import { DependencyError } from "../errors/mod.ts";
import { awaitReady, startWorker, stopWorker } from "./lifecycle.ts";

/** A module worker from source text (`self` is the worker scope). */
function workerUrl(source: string): URL {
  return new URL(`data:application/javascript,${encodeURIComponent(source)}`);
}

// Answers init with ready, echoes `ping`, crashes on `crash`, answers `stop` with closed;
// ignores `stop` when started with `deaf`.
const FAKE = workerUrl(`
let deaf = false;
self.onmessage = (ev) => {
  const m = ev.data;
  if (m.type === "init") { deaf = m.deaf === true; self.postMessage({ type: "ready", backend: "fake" }); }
  else if (m.type === "ping") self.postMessage({ type: "pong", id: m.id });
  else if (m.type === "crash") throw new Error("bang");
  else if (m.type === "stop" && !deaf) { self.postMessage({ type: "closed" }); self.close(); }
};`);

type Pong = { type: "pong"; id: number };

function noCrash(message: string): void {
  throw new Error(`unexpected crash: ${message}`);
}

Deno.test("startWorker() resolves ready with the backend and passes on other messages", async () => {
  const seen: Pong[] = [];
  const { worker, ready } = startWorker<Pong>(FAKE, {
    label: "fake worker",
    index: 0,
    init: { type: "init" },
    onMessage: (m) => seen.push(m),
    onCrash: noCrash,
  });
  assert.equal(await ready, "fake");
  const pong = new Promise((resolve) => worker.addEventListener("message", resolve));
  worker.postMessage({ type: "ping", id: 7 });
  await pong;
  assert.deepEqual(seen, [{ type: "pong", id: 7 }], "lifecycle messages are not passed on");
  // The worker answers `closed`: the stop ends then, long before its timeout.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise((resolve) => timer = setTimeout(() => resolve("timed out"), 10_000));
  const stop = stopWorker(worker, { message: { type: "stop" }, timeoutMs: 20_000 });
  assert.equal(await Promise.race([stop.then(() => "closed"), late]), "closed");
  clearTimeout(timer);
});

Deno.test("startWorker() rejects ready on init-error, keeping a DependencyError one", async (t) => {
  for (
    const [name, check] of [
      ["DependencyError", (e: Error) => e instanceof DependencyError && e.message === "no gpu"],
      ["TypeError", (e: Error) =>
        !(e instanceof DependencyError) &&
        e.message === "Cannot start fake worker 3: no gpu"],
    ] as const
  ) {
    await t.step(name, async () => {
      const url = workerUrl(`self.onmessage = () => {
        self.postMessage({ type: "init-error", name: ${JSON.stringify(name)}, message: "no gpu" });
        self.close();
      };`);
      const { worker, ready } = startWorker(url, {
        label: "fake worker",
        index: 3,
        init: { type: "init" },
        onMessage: () => {},
        onCrash: noCrash,
      });
      await assert.rejects(ready, check);
      worker.terminate();
    });
  }
});

Deno.test("startWorker() reports a crash before and after ready", async (t) => {
  await t.step("a worker that fails as it loads never becomes ready", async () => {
    const crashes: [string, boolean][] = [];
    const { worker, ready } = startWorker(workerUrl('throw new Error("no worker here");'), {
      label: "fake worker",
      index: 1,
      init: { type: "init" },
      onMessage: () => {},
      onCrash: (message, started) => crashes.push([message, started]),
    });
    await assert.rejects(ready, /Cannot start fake worker 1: .*no worker here/);
    assert.equal(crashes.length, 1);
    assert.equal(crashes[0][1], false);
    worker.terminate();
  });
  await t.step("a crash after ready says it had started", async () => {
    let crashed: (v: [string, boolean]) => void = () => {};
    const crash = new Promise<[string, boolean]>((resolve) => crashed = resolve);
    const { worker, ready } = startWorker(FAKE, {
      label: "fake worker",
      index: 2,
      init: { type: "init" },
      onMessage: () => {},
      onCrash: (message, started) => crashed([message, started]),
    });
    assert.equal(await ready, "fake");
    worker.postMessage({ type: "crash" });
    const [message, started] = await crash;
    assert.match(message, /bang/);
    assert.equal(started, true);
    worker.terminate();
  });
});

Deno.test("stopWorker() waits for closed, and terminates a worker that never answers", async () => {
  const deaf = startWorker(FAKE, {
    label: "fake worker",
    index: 0,
    init: { type: "init", deaf: true },
    onMessage: () => {},
    onCrash: noCrash,
  });
  await deaf.ready;
  const t0 = performance.now();
  await stopWorker(deaf.worker, { message: { type: "stop" }, timeoutMs: 50 });
  assert.ok(performance.now() - t0 >= 45, "it waited for the timeout");
  // A terminated worker drops what it is sent: no answer ever comes.
  let answered = false;
  deaf.worker.addEventListener("message", () => answered = true);
  deaf.worker.postMessage({ type: "ping", id: 1 });
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(answered, false);
});

Deno.test("awaitReady() returns the first backend, or closes and rethrows", async () => {
  let closed = 0;
  const close = () => (closed++, Promise.resolve());
  assert.equal(await awaitReady([Promise.resolve("cpu"), Promise.resolve("cpu")], close), "cpu");
  assert.equal(await awaitReady([], close), "");
  assert.equal(closed, 0);
  await assert.rejects(
    awaitReady([Promise.resolve("cpu"), Promise.reject(new Error("down"))], close),
    /down/,
  );
  assert.equal(closed, 1);
});

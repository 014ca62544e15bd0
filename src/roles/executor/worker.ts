/**
 * Web Worker entry: runs episodes for the main thread's {@link WorkerPool}. Each worker has
 * its own MuJoCo instance, environments and renderer; its episodes overlap while they wait
 * on miners.
 *
 * Protocol (structured-clone messages):
 * - in: `{type: "init", settings}`, `{type: "run", id, task}`, `{type: "abort", id}`,
 *   `{type: "close"}`
 * - out: `{type: "ready", backend}`, `{type: "init-error", name, message}`,
 *   `{type: "result", id, result}`, `{type: "closed"}`
 */
/// <reference lib="deno.worker" />
import { createLogger } from "../../log/mod.ts";
import { createThreadRunner, type ThreadSettings } from "./local.ts";
import type { EpisodeExecutor } from "./runner.ts";
import type { EpisodeTask } from "./types.ts";

/** Messages the main thread sends. */
export type ToWorker =
  | { type: "init"; settings: ThreadSettings; workerIndex: number }
  | { type: "run"; id: number; task: EpisodeTask }
  | { type: "abort"; id: number }
  | { type: "close" };

let runner: EpisodeExecutor | undefined;
const aborts = new Map<number, AbortController>();

self.onmessage = async (ev: MessageEvent<ToWorker>) => {
  const msg = ev.data;
  switch (msg.type) {
    case "init": {
      const log = createLogger({
        level: msg.settings.log?.level,
        format: msg.settings.log?.format,
        bindings: { role: "executor", worker: msg.workerIndex },
      });
      try {
        const r = await createThreadRunner(msg.settings, log, msg.workerIndex === 0);
        runner = r;
        self.postMessage({ type: "ready", backend: r.backend });
      } catch (err) {
        const e = err instanceof Error ? err : new Error(String(err));
        self.postMessage({ type: "init-error", name: e.name, message: e.message });
      }
      return;
    }
    case "run": {
      const ac = new AbortController();
      aborts.set(msg.id, ac);
      try {
        if (runner === undefined) throw new TypeError("Cannot run an episode: worker not ready");
        const result = await runner.run(msg.task, ac.signal);
        self.postMessage({ type: "result", id: msg.id, result });
      } catch (err) {
        self.postMessage({
          type: "failed",
          id: msg.id,
          message: err instanceof Error ? err.message : String(err),
        });
      } finally {
        aborts.delete(msg.id);
      }
      return;
    }
    case "abort":
      aborts.get(msg.id)?.abort();
      return;
    case "close":
      for (const ac of aborts.values()) ac.abort();
      await runner?.close();
      self.postMessage({ type: "closed" });
      self.close();
      return;
  }
};

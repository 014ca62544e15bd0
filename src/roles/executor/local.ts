/** Builds a complete in-thread episode runner (renderer + policy clients) from settings. */
import type { LogFormat, Logger, LogLevel } from "../../log/mod.ts";
import { createRenderer, type RendererBackend } from "../../render/mod.ts";
import { BatchingRenderer } from "./batching.ts";
import { createPolicyFactory, InstantPolicy, type PolicySettings } from "./policy.ts";
import { type EpisodeExecutor, EpisodeRunner, type RunnerSettings } from "./runner.ts";
import type { EpisodeResult, EpisodeTask } from "./types.ts";

/** Everything a thread needs to run episodes; plain data, so it can be posted to a Worker. */
export interface ThreadSettings extends RunnerSettings, PolicySettings {
  /** @default "auto" */
  renderer?: RendererBackend;
  /** Use the in-process {@link InstantPolicy} instead of HTTP miners (benches). @default false */
  instantPolicy?: boolean;
  /** Log settings of a Worker (the main thread passes its logger). @default info, auto */
  log?: { level?: LogLevel; format?: LogFormat };
}

/** An in-thread runner owning its renderer. */
class ThreadRunner implements EpisodeExecutor {
  readonly #runner: EpisodeRunner;
  readonly #close: () => void;
  readonly backend: string;
  /** Always 0: episodes run in the calling thread. */
  readonly workers = 0;

  constructor(runner: EpisodeRunner, backend: string, close: () => void) {
    this.#runner = runner;
    this.backend = backend;
    this.#close = close;
  }

  run(task: EpisodeTask, signal?: AbortSignal): Promise<EpisodeResult> {
    return this.#runner.run(task, signal);
  }

  async close(): Promise<void> {
    await this.#runner.close();
    this.#close();
  }
}

/**
 * Creates a renderer and an {@link EpisodeRunner} in this thread.
 *
 * @throws {DependencyError} when `renderer` is `webgpu` and no adapter exists
 */
export async function createThreadRunner(
  settings: ThreadSettings,
  log: Logger,
  /** Log the renderer choice (one thread of a pool does). @default true */
  logRenderer = true,
): Promise<EpisodeExecutor & { backend: string; workers: number }> {
  const renderer = await createRenderer({
    backend: settings.renderer ?? "auto",
    log: logRenderer ? log : undefined,
  });
  // WebGPU renders many snapshots per submit: batch the frames of concurrent episodes.
  const frames = renderer.backend === "webgpu" ? new BatchingRenderer(renderer) : renderer;
  const runner = new EpisodeRunner(settings, {
    renderer: frames,
    createPolicy: settings.instantPolicy
      ? () => new InstantPolicy()
      : createPolicyFactory(settings, log),
    log,
  });
  return new ThreadRunner(runner, renderer.backend, () => renderer.close());
}

/**
 * Episode replays for the dashboard: a small sample of episodes is recorded while it runs (one
 * camera at a low frame rate, as an animated GIF, and the actions the miner returned) and
 * submitted with the result. Recording wraps the renderer and the policy client of the one
 * episode, so the episode code itself does not change.
 */
import type { SceneSnapshot } from "../../core/mod.ts";
import { type EpisodeReplay, REPLAY_MAX_ACTIONS, type TaskResult } from "../../core/wire/mod.ts";
import { PayloadTooLargeError, ValidationError } from "../../errors/mod.ts";
import type { Logger } from "../../log/mod.ts";
import { downsample2x, encodeGif } from "../../render/mod.ts";
import type { TaskApi } from "./loop.ts";
import type { ActAttempt, FrameRenderer, PolicyClient } from "./types.ts";

/** What to record (plain data: it crosses into Workers). */
export interface ReplaySettings {
  /** Record episodes whose index is a multiple of this (so the same scenes for every miner); 0 records none. */
  every: number;
  /** Env steps between two frames (before thinning). */
  frameEvery: number;
  /** Most frames kept: past it, every other frame is dropped and the interval doubles. */
  maxFrames: number;
  /** Largest GIF in bytes: frames are thinned until it fits, else the episode has no replay. */
  maxBytes: number;
  /** Camera recorded (one of the cameras sent to the miner). */
  camera: string;
}

/** Defaults: one episode in 50, a frame every 10 steps, at most 48 frames and 96 KiB. */
export const DEFAULT_REPLAY_SETTINGS: Readonly<ReplaySettings> = Object.freeze({
  every: 50,
  frameEvery: 10,
  maxFrames: 48,
  maxBytes: 96 * 1024,
  camera: "corner",
});

/** Whether the episode with this index is recorded. */
export function shouldRecord(settings: ReplaySettings | undefined, episodeIndex?: number): boolean {
  return settings !== undefined && settings.every > 0 && episodeIndex !== undefined &&
    episodeIndex % settings.every === 0;
}

/** Records one episode through its renderer and policy client. */
export class EpisodeRecorder {
  readonly #settings: ReplaySettings;
  #frames: Uint8Array[] = [];
  #size: { width: number; height: number } | null = null;
  #every: number;
  #renders = 0;
  readonly #actions: (number[] | null)[] = [];

  constructor(settings: ReplaySettings) {
    this.#settings = settings;
    this.#every = Math.max(1, settings.frameEvery);
  }

  /** A renderer that keeps a copy of the recorded camera's frame every few steps. */
  renderer(inner: FrameRenderer): FrameRenderer {
    return {
      render: async (snapshot: SceneSnapshot, cameras) => {
        const frames = await inner.render(snapshot, cameras);
        const at = cameras.findIndex((c) => c.name === this.#settings.camera);
        if (at >= 0 && this.#renders++ % this.#every === 0) {
          this.#keep(frames[at], cameras[at]);
        }
        return frames;
      },
    };
  }

  /** A policy client that notes every action returned (null for a missed call). */
  policy(inner: PolicyClient): PolicyClient {
    return {
      reset: (config, options) => inner.reset(config, options),
      tryAct: async (request, options): Promise<ActAttempt> => {
        const attempt = await inner.tryAct(request, options);
        if (this.#actions.length < REPLAY_MAX_ACTIONS) {
          this.#actions.push(attempt.ok ? attempt.action.map(round) : null);
        }
        return attempt;
      },
    };
  }

  /** The replay as submitted, or null when nothing was recorded or it cannot fit the cap. */
  finish(): EpisodeReplay | null {
    const size = this.#size;
    if (size === null || this.#frames.length === 0) return null;
    for (let attempt = 0; attempt < 4 && this.#frames.length > 0; attempt++) {
      const gif = encodeGif(this.#frames, size, { delayMs: 120 });
      if (gif.length <= this.#settings.maxBytes) {
        return {
          "media_type": "image/gif",
          data: toBase64(gif),
          camera: this.#settings.camera,
          width: size.width,
          height: size.height,
          frames: this.#frames.length,
          "frame_every": this.#every,
          actions: this.#actions,
        };
      }
      if (this.#frames.length === 1) break;
      this.#thin();
    }
    return null;
  }

  #keep(rgb: Uint8Array, camera: { width: number; height: number }): void {
    let frame: Uint8Array = rgb.slice();
    let { width, height } = camera;
    // replays stay small: halve large images down to at most 128 pixels a side
    while (width > 128 && width % 2 === 0 && height % 2 === 0) {
      width /= 2;
      height /= 2;
      frame = downsample2x(frame, width, height);
    }
    this.#size ??= { width, height };
    this.#frames.push(frame);
    if (this.#frames.length > this.#settings.maxFrames) this.#thin();
  }

  /** Drops every other frame and doubles the interval. */
  #thin(): void {
    this.#frames = this.#frames.filter((_, i) => i % 2 === 0);
    this.#every *= 2;
  }
}

function round(v: number): number {
  return Math.round(Math.min(1, Math.max(-1, v)) * 1e4) / 1e4;
}

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

/**
 * Submits results through `api`; when the API refuses a batch that carries a replay (too
 * large for its cap, or an older API that does not know replays), submits it again without
 * the replays, so a replay never costs a result.
 */
export function withReplayFallback(api: TaskApi, log: Logger): TaskApi {
  return {
    fetchTasks: (options) => api.fetchTasks(options),
    heartbeat: (leases, signal) => api.heartbeat(leases, signal),
    async submitResults(results: TaskResult[], signal?: AbortSignal) {
      try {
        return await api.submitResults(results, signal);
      } catch (err) {
        const refused = err instanceof PayloadTooLargeError || err instanceof ValidationError;
        if (!refused || !results.some((r) => r.replay !== undefined)) throw err;
        log.warn("Replay refused by the API; submitting the result without it", {
          error: err.message,
        });
        return await api.submitResults(results.map(({ replay: _, ...r }) => r), signal);
      }
    },
  };
}

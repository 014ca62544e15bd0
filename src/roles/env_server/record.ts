/**
 * Demonstration recording inside an env worker (`kinitro demos`): after each tick the worker
 * copies its environments' observations from the session's batch buffer into one growing row
 * buffer per environment, and hands each finished episode back as a single transferable
 * `ArrayBuffer` (no per-step message, no copy on the main thread).
 */
import type { BatchLayout } from "./protocol.ts";

/** One finished episode of one environment, as a worker returns it. */
export interface RecordedEpisode {
  /** The environment's index in the session. */
  index: number;
  /** The session tick at which the episode ended (ticks count resets and steps alike). */
  tick: number;
  seed: number;
  success: boolean;
  /** Recorded steps: the observations before each action (the final one is not kept). */
  rows: number;
  /** {@link episodeFields}' sections, in that order. */
  data: ArrayBuffer;
}

/**
 * The byte sections of a {@link RecordedEpisode}'s data: proprio (`f32[rows*4]`), action
 * (`f32[rows*4]`), step (`u32[rows]`), then each camera's `u8[rows*H*W*3]` (numbers first, so
 * that they stay aligned whatever the image size).
 */
export function episodeFields(rows: number, cameras: number, imageBytes: number): EpisodeFields {
  const images: Section[] = [];
  for (let c = 0; c < cameras; c++) {
    images.push([rows * 36 + c * rows * imageBytes, rows * imageBytes]);
  }
  return {
    proprio: [0, rows * 16],
    action: [rows * 16, rows * 16],
    step: [rows * 32, rows * 4],
    images,
    bytes: rows * (36 + cameras * imageBytes),
  };
}

/** `[byte offset, byte length]` of one field in an episode's data. */
export type Section = [number, number];

/** See {@link episodeFields}. */
export interface EpisodeFields {
  proprio: Section;
  action: Section;
  step: Section;
  images: Section[];
  bytes: number;
}

interface Track {
  index: number;
  rows: number;
  capacity: number;
  images: Uint8Array[];
  proprio: Float32Array;
  action: Float32Array;
  step: Uint32Array;
}

/** Collects the rows of a worker's share of a session's environments. */
export class EpisodeRecorder {
  readonly #layout: BatchLayout;
  readonly #n: number;
  readonly #imageBytes: number;
  readonly #tracks: Track[];
  #finished: RecordedEpisode[] = [];

  constructor(layout: BatchLayout, total: number, indices: readonly number[], size: number) {
    this.#layout = layout;
    this.#n = total;
    this.#imageBytes = size * size * 3;
    this.#tracks = indices.map((index) => this.#track(index, 64));
  }

  #track(index: number, capacity: number): Track {
    return {
      index,
      rows: 0,
      capacity,
      images: this.#layout.images.map(() => new Uint8Array(capacity * this.#imageBytes)),
      proprio: new Float32Array(capacity * 4),
      action: new Float32Array(capacity * 4),
      step: new Uint32Array(capacity),
    };
  }

  /**
   * Reads this worker's environments from `out` after tick `tick`: an environment whose step
   * ended its episode hands the episode over; any other records its observation as a row.
   * A retired env (`retired[i] === 1`: its episodes no longer count) records nothing.
   */
  collect(out: SharedArrayBuffer, tick: number, retired: Uint8Array): void {
    const l = this.#layout, n = this.#n, img = this.#imageBytes;
    const flags = new Uint8Array(out, l.terminated, 3 * n);
    const seeds = new Float64Array(out, l.seed, n);
    const proprio = new Float32Array(out, l.proprio, 4 * n);
    const action = new Float32Array(out, l.action, 4 * n);
    const steps = new Uint32Array(out, l.steps, n);
    for (const [k, t] of this.#tracks.entries()) {
      const i = t.index;
      if (retired[i] === 1) {
        t.rows = 0;
        continue;
      }
      if (flags[i] === 1 || flags[n + i] === 1) {
        this.#finish(t, tick, seeds[i], flags[2 * n + i] === 1);
        continue;
      }
      const tr = t.rows === t.capacity ? this.#grow(k) : t;
      const r = tr.rows;
      l.images.forEach((at, c) =>
        tr.images[c].set(new Uint8Array(out, at + i * img, img), r * img)
      );
      tr.proprio.set(proprio.subarray(4 * i, 4 * i + 4), 4 * r);
      tr.action.set(action.subarray(4 * i, 4 * i + 4), 4 * r);
      tr.step[r] = steps[i];
      tr.rows++;
    }
  }

  /** The episodes finished since the last call, and their buffers to transfer. */
  take(): { episodes: RecordedEpisode[]; transfer: ArrayBuffer[] } {
    const episodes = this.#finished;
    this.#finished = [];
    return { episodes, transfer: episodes.map((e) => e.data) };
  }

  #grow(k: number): Track {
    const old = this.#tracks[k];
    const t = this.#track(old.index, old.capacity * 2);
    old.images.forEach((im, c) => t.images[c].set(im));
    t.proprio.set(old.proprio), t.action.set(old.action), t.step.set(old.step);
    t.rows = old.rows;
    this.#tracks[k] = t;
    return t;
  }

  #finish(t: Track, tick: number, seed: number, success: boolean): void {
    const rows = t.rows, img = this.#imageBytes;
    const f = episodeFields(rows, t.images.length, img);
    const data = new ArrayBuffer(f.bytes);
    const bytes = new Uint8Array(data);
    f.images.forEach(([at, len], c) => bytes.set(t.images[c].subarray(0, len), at));
    new Float32Array(data, f.proprio[0], 4 * rows).set(t.proprio.subarray(0, 4 * rows));
    new Float32Array(data, f.action[0], 4 * rows).set(t.action.subarray(0, 4 * rows));
    new Uint32Array(data, f.step[0], rows).set(t.step.subarray(0, rows));
    this.#finished.push({ index: t.index, tick, seed, success, rows, data });
    t.rows = 0;
  }
}

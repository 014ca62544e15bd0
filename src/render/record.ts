/**
 * Writes rendered frames to a folder: `<dir>/<camera>/frame_000.png, frame_001.png, ...` and,
 * on {@link FrameRecorder.finish}, `<dir>/<camera>.gif` (what `kinitro test-env --record DIR`
 * and `kinitro render --out DIR` produce).
 */
import { encodeGif, encodePng } from "./image.ts";

/** Options of {@link FrameRecorder}. */
export interface FrameRecorderOptions {
  /**
   * Also write one animated GIF per camera when finishing.
   * @default {true}
   */
  gif?: boolean;
  /**
   * Delay between GIF frames in milliseconds.
   * @default {50}
   */
  gifDelayMs?: number;
  /**
   * Write every n-th frame only (1 = every frame).
   * @default {1}
   */
  every?: number;
}

interface Track {
  width: number;
  height: number;
  frames: Uint8Array[];
  seen: number;
}

const NAME_REGEXP = /^[A-Za-z0-9_.-]+$/;

/** Collects frames per camera and writes them as PNG files (and GIFs) under one folder. */
export class FrameRecorder {
  readonly dir: string;
  #tracks = new Map<string, Track>();
  #options: Required<FrameRecorderOptions>;

  constructor(dir: string, options: FrameRecorderOptions = {}) {
    this.dir = dir;
    this.#options = { gif: true, gifDelayMs: 50, every: 1, ...options };
  }

  /** Writes the next frame of `camera` (RGB, `width × height × 3`) as a PNG. */
  async add(camera: string, rgb: Uint8Array, size: { width: number; height: number }) {
    if (!NAME_REGEXP.test(camera)) {
      throw new RangeError(`Cannot record camera "${camera}": use letters, digits, _ . -`);
    }
    let track = this.#tracks.get(camera);
    if (!track) {
      track = { width: size.width, height: size.height, frames: [], seen: 0 };
      this.#tracks.set(camera, track);
      await Deno.mkdir(`${this.dir}/${camera}`, { recursive: true });
    }
    if (track.width !== size.width || track.height !== size.height) {
      throw new RangeError(
        `Cannot record camera "${camera}": size "${size.width}x${size.height}" differs from ` +
          `"${track.width}x${track.height}"`,
      );
    }
    if (track.seen++ % this.#options.every !== 0) return;
    const index = String(track.frames.length).padStart(3, "0");
    await Deno.writeFile(
      `${this.dir}/${camera}/frame_${index}.png`,
      encodePng(rgb, size.width, size.height),
    );
    if (this.#options.gif) track.frames.push(rgb.slice());
    else track.frames.push(new Uint8Array(0));
  }

  /** Writes the GIFs; returns the number of frames written per camera. */
  async finish(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const [camera, track] of this.#tracks) {
      counts[camera] = track.frames.length;
      if (!this.#options.gif || track.frames.length === 0) continue;
      const gif = encodeGif(track.frames, track, { delayMs: this.#options.gifDelayMs });
      await Deno.writeFile(`${this.dir}/${camera}.gif`, gif);
      track.frames = [];
    }
    return counts;
  }
}

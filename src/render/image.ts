/** PNG and animated GIF encoding of RGB frames (for `--record`, `render` and golden frames). */
import { decode, encode } from "fast-png";
import * as gifenc from "gifenc";

/** An RGB image, `width x height x 3` bytes, row 0 at the top. */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

function checkSize(rgb: Uint8Array, width: number, height: number): void {
  if (rgb.length !== width * height * 3) {
    throw new RangeError(
      `Cannot encode image: ${rgb.length} bytes do not make "${width}x${height}" RGB`,
    );
  }
}

/** Encodes RGB bytes as a PNG file. */
export function encodePng(rgb: Uint8Array, width: number, height: number): Uint8Array {
  checkSize(rgb, width, height);
  return encode({ width, height, data: rgb, channels: 3, depth: 8 });
}

/**
 * Decodes a PNG file into RGB bytes (alpha is dropped, grey is expanded).
 * @throws {RangeError} for 16-bit or palette PNGs.
 */
export function decodePng(png: Uint8Array): RgbImage {
  const img = decode(png);
  if (img.depth !== 8 || img.palette) {
    throw new RangeError(`Cannot decode PNG: depth "${img.depth}" or palette is not supported`);
  }
  const n = img.width * img.height, ch = img.channels, src = img.data;
  const data = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) data[3 * i + c] = src[i * ch + (ch >= 3 ? c : 0)];
  }
  return { data, width: img.width, height: img.height };
}

/** Options of {@link encodeGif}. */
export interface GifOptions {
  /**
   * Delay between frames in milliseconds.
   * @default {50}
   */
  delayMs?: number;
  /**
   * Loop forever (0) or play the given number of times.
   * @default {0}
   */
  repeat?: number;
}

interface GifEncoder {
  writeFrame(index: Uint8Array, w: number, h: number, opts: Record<string, unknown>): void;
  finish(): void;
  bytes(): Uint8Array;
}

interface GifLib {
  GIFEncoder(): GifEncoder;
  quantize(rgba: Uint8Array, maxColors: number, opts?: Record<string, unknown>): number[][];
  applyPalette(rgba: Uint8Array, palette: number[][], format?: string): Uint8Array;
}

/**
 * gifenc is CommonJS; Deno hands its exports over as the default export, while a bundle may
 * expose them as named exports. Take whichever object carries the functions.
 */
function gifLib(): GifLib {
  const ns = gifenc as unknown as Record<string, unknown>;
  const candidates = [ns, ns.default, (ns.default as Record<string, unknown> | undefined)?.default];
  for (const c of candidates) {
    const lib = c as Partial<GifLib> | undefined;
    if (typeof lib?.GIFEncoder === "function" && typeof lib.quantize === "function") {
      return lib as GifLib;
    }
  }
  throw new Error("Cannot load gifenc: its module has no GIFEncoder export");
}

/** Encodes RGB frames of one size as an animated GIF (256 colours per frame). */
export function encodeGif(
  frames: readonly Uint8Array[],
  size: { width: number; height: number },
  options: GifOptions = {},
): Uint8Array {
  const { width, height } = size;
  const lib = gifLib();
  const enc = lib.GIFEncoder();
  const rgba = new Uint8Array(width * height * 4);
  frames.forEach((rgb, k) => {
    checkSize(rgb, width, height);
    for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
      rgba[j] = rgb[i];
      rgba[j + 1] = rgb[i + 1];
      rgba[j + 2] = rgb[i + 2];
      rgba[j + 3] = 255;
    }
    const palette = lib.quantize(rgba, 256, { format: "rgb565" });
    const index = lib.applyPalette(rgba, palette, "rgb565");
    const opts: Record<string, unknown> = { palette, delay: options.delayMs ?? 50 };
    if (k === 0) opts.repeat = options.repeat ?? 0;
    enc.writeFrame(index, width, height, opts);
  });
  enc.finish();
  return enc.bytes();
}

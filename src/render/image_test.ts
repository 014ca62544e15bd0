import assert from "node:assert/strict";
import { decodePng, encodeGif, encodePng } from "./mod.ts";

function gradient(w: number, h: number, shift = 0): Uint8Array {
  const rgb = new Uint8Array(w * h * 3);
  for (let i = 0; i < w * h; i++) rgb.set([(i * 7 + shift) & 255, (i * 3) & 255, i & 255], 3 * i);
  return rgb;
}

Deno.test("encodePng() and decodePng() round-trip RGB bytes", () => {
  const rgb = gradient(5, 3);
  const png = encodePng(rgb, 5, 3);
  assert.deepEqual([...png.subarray(1, 4)], [80, 78, 71]); // "PNG"
  const back = decodePng(png);
  assert.equal(back.width, 5);
  assert.equal(back.height, 3);
  assert.deepEqual(back.data, rgb);
});

Deno.test("encodePng() rejects a buffer of the wrong size", () => {
  assert.throws(() => encodePng(new Uint8Array(10), 2, 2), /Cannot encode image: 10 bytes/);
});

Deno.test("encodeGif() writes an animated GIF89a with one frame per image", () => {
  const frames = [gradient(8, 8), gradient(8, 8, 40), gradient(8, 8, 80)];
  const gif = encodeGif(frames, { width: 8, height: 8 }, { delayMs: 100 });
  assert.equal(new TextDecoder().decode(gif.subarray(0, 6)), "GIF89a");
  assert.equal(gif[gif.length - 1], 0x3b); // trailer
  // Each frame starts with an image descriptor (0x2c) after its graphic control extension.
  let descriptors = 0;
  for (let i = 0; i + 1 < gif.length; i++) {
    if (gif[i] === 0x21 && gif[i + 1] === 0xf9 && gif[i + 8] === 0x2c) descriptors++;
  }
  assert.equal(descriptors, 3);
});

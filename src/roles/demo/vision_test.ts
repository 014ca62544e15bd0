import assert from "node:assert/strict";
import { findBlobs, isGreen, pixelRay, rayAtHeight } from "./vision.ts";

// a camera at (0, 0, 1) looking straight down (camera z = world +z, so it looks along −z)
const DOWN = {
  pos: [0, 0, 1] as [number, number, number],
  mat: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  fovy: 90,
};

Deno.test("pixelRay() sends the image centre along the camera's −z axis", () => {
  const ray = pixelRay(DOWN, 42, 42, 84, 84);
  assert.deepEqual(ray.dir.map((v) => Math.round(v * 1e9) / 1e9), [0, 0, -1]);
  const p = rayAtHeight(ray, 0)!;
  assert.ok(Math.abs(p[0]) < 1e-9 && Math.abs(p[1]) < 1e-9);
});

Deno.test("pixelRay() maps the top edge up and the right edge right", () => {
  // fovy 90 at height 1: the image spans ±1 m on the ground
  const top = rayAtHeight(pixelRay(DOWN, 42, 0, 84, 84), 0)!;
  assert.ok(Math.abs(top[1] - 1) < 1e-9, `top edge at y=${top[1]}`);
  const right = rayAtHeight(pixelRay(DOWN, 84, 42, 84, 84), 0)!;
  assert.ok(Math.abs(right[0] - 1) < 1e-9, `right edge at x=${right[0]}`);
});

Deno.test("rayAtHeight() refuses planes behind the camera", () => {
  assert.equal(rayAtHeight(pixelRay(DOWN, 42, 42, 84, 84), 2), undefined);
});

Deno.test("findBlobs() separates connected regions and orders them by size", () => {
  const w = 10, h = 10;
  const rgb = new Uint8Array(w * h * 3);
  const paint = (x: number, y: number) => rgb.set([10, 200, 10], 3 * (y * w + x));
  for (let x = 0; x < 3; x++) for (let y = 0; y < 3; y++) paint(x, y);
  paint(8, 8);
  const blobs = findBlobs(rgb, w, h, isGreen);
  assert.equal(blobs.length, 2);
  assert.equal(blobs[0].size, 9);
  assert.equal(blobs[0].cx, 1.5);
  assert.equal(blobs[1].size, 1);
  assert.equal(blobs[1].cy, 8.5);
});
